/** The design document as data. The YAML text is the truth; this is its parsed, validated view. */
import type { PatternId } from '../patterns/support/ids';
import type { Connection } from '../patterns/support/types';

// A connection is declared with the views patterns read (patterns sit below design).
export type { Connection };

export const API_VERSION = 'patterncanvas.dev/v1alpha1';
export const DESIGN_KIND = 'Design';

export interface DesignMetadata {
  /** DNS-1123 label; becomes app.kubernetes.io/part-of on every object. */
  name: string;
  namespace?: string;
  description?: string;
  labels?: Record<string, string>;
}

/** A component as written: `pattern`, optional `attachTo`/`description`/`load`, and the pattern's parameters. */
export interface ComponentSpec {
  pattern: PatternId;
  attachTo?: string;
  description?: string;
  [param: string]: unknown;
}


/** Design-wide generation choices (`spec:`). */
export interface DesignSpec {
  /**
   * Sidecars, ambassadors and adapters as native sidecars (init containers with restartPolicy: Always, Kubernetes
   * 1.29+; default true); false keeps them as regular containers for older clusters.
   */
  nativeSidecars?: boolean;
  /**
   * The Pod Security level the generated pods meet: restricted (default: non-root as 65532, read-only root filesystem,
   * no capabilities) or baseline, the visible opt-out for images that must run as root or write outside their volumes.
   */
  podSecurity?: PodSecurityLevel;
}

export type PodSecurityLevel = 'restricted' | 'baseline';
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline'];

export interface Design {
  apiVersion: string;
  kind: string;
  metadata: DesignMetadata;
  spec?: DesignSpec;
  components: Record<string, ComponentSpec>;
  connections: Connection[];
  layout: Record<string, [number, number]>;
  /** Where the project's own images come from; absent: PROJECT_IMAGE_REGISTRY. */
  images?: DesignImages;
}

export interface DesignImages {
  /** host[:port][/path] that replaces PROJECT_IMAGE_REGISTRY in every image of the project's own programs. */
  registry?: string;
}

/** Where the project publishes its programs' images; the local cluster's node has them under these names. */
export const PROJECT_IMAGE_REGISTRY = 'ghcr.io/pattern-canvas';

/** Why `s` cannot be an image registry (host[:port][/path], as image references spell one), or undefined. */
export function imageRegistryProblem(s: string): string | undefined {
  const m = /^([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:[0-9]{1,5})?((?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)$/.exec(s);
  if (!m) return `images.registry '${s}' must be host[:port][/path] (lower-case path, no scheme, no trailing '/'), e.g. registry.example.com:5000/team.`;
  // As in image references: a first part without '.' or ':' would be read as a Docker Hub user, not a host.
  if (!m[1]!.includes('.') && !m[2] && m[1] !== 'localhost') return `images.registry '${s}' must start with a registry host (with a '.' or a port, or localhost); for Docker Hub write docker.io/${s}.`;
  return undefined;
}

/** Fields every component may have besides its pattern's parameters. */
export const COMPONENT_COMMON_FIELDS = ['pattern', 'attachTo', 'description', 'load'] as const;
export const CONNECTION_FIELDS = ['from', 'to', 'topic', 'weight', 'description'] as const;
export const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'components', 'connections', 'layout', 'images'] as const;
export const SPEC_FIELDS = ['nativeSidecars', 'podSecurity'] as const;
export const IMAGES_FIELDS = ['registry'] as const;
export const METADATA_FIELDS = ['name', 'namespace', 'description', 'labels'] as const;

/** DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const isDns1123Label = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);

/**
 * Longest component id. Ids become Service names (`<id>-headless`, `<id>-leaf`) and StatefulSet names, whose pods
 * carry a `<name>-<10-char hash>` label value: a StatefulSet name over 52 characters cannot create its pods. 47 keeps
 * `<id>-leaf` a working StatefulSet and every `<id>-<suffix>` Service name within 63.
 */
export const MAX_COMPONENT_ID = 47;

/** Why an id cannot name a component, or undefined. Service names are RFC 1035 labels: they start with a letter. */
export function componentIdProblem(id: string): string | undefined {
  if (!DNS1123_LABEL.test(id) || !/^[a-z]/.test(id)) {
    return `Component id '${id}' must start with a lower-case letter and hold only lower-case letters, digits and '-' (not ending in '-'): it names Services, which are RFC 1035 labels.`;
  }
  if (id.length > MAX_COMPONENT_ID) {
    return `Component id '${id.slice(0, 20)}…' has ${id.length} characters; at most ${MAX_COMPONENT_ID}, so that the names made from it (<id>-headless, a StatefulSet's pods) stay valid.`;
  }
  return undefined;
}
