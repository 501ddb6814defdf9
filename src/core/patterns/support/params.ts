/** Parameter defaults and type checks, shared by every pattern (the document validator and the inspector use them). */
import type { ParamSpec, ParamSpecs } from './types';

/** Parameters with defaults applied; a value of the wrong type falls back to the default (it is reported elsewhere). */
export function withDefaults(specs: ParamSpecs, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = given[name];
    out[name] = v === undefined || v === null || paramProblem(name, spec, v) ? spec.default : v;
  }
  return out;
}

/** Kubernetes integer fields are int32; a larger whole number would also print as 1e+21 in a config file. */
export const INT32_MAX = 2_147_483_647;

/** The largest value a numeric parameter takes: its own max, or int32 for whole numbers. */
export const maxOf = (spec: ParamSpec): number | undefined => spec.max ?? (spec.type === 'integer' ? INT32_MAX : undefined);

/** Why a value does not fit its parameter, or undefined when it does. */
export function paramProblem(name: string, spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return `'${name}' must be a string`;
      if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) return `'${name}' must match ${spec.pattern}`;
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return `'${name}' must be at most ${spec.maxLength} characters`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `'${name}' must be true or false`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return `'${name}' must be a number`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `'${name}' must be a whole number`;
      if (spec.min !== undefined && value < spec.min) return `'${name}' must be at least ${spec.min}`;
      const max = maxOf(spec);
      if (max !== undefined && value > max) return `'${name}' must be at most ${max}`;
      return undefined;
    }
    case 'enum':
      return typeof value === 'string' && spec.enum?.includes(value)
        ? undefined
        : `'${name}' must be one of ${(spec.enum ?? []).join(', ')}`;
    case 'string-list':
      return Array.isArray(value) && value.every((x) => typeof x === 'string') ? undefined : `'${name}' must be a list of strings`;
    case 'object-list':
      return objectListProblem(name, value);
  }
}

/**
 * The formats of the Kubernetes fields string parameters feed, so a value the validator accepts is one the API
 * server accepts too (a newline in an image or a probe path is escaped YAML, but not a usable value).
 */
export const FORMATS = {
  /** An image reference: registry/name:tag@digest characters, no spaces or quotes. */
  image: '[A-Za-z0-9][A-Za-z0-9._/:@-]*',
  /** A CPU quantity: whole or decimal cores, or millicores. */
  cpu: '[0-9]+m|[0-9]+(\\.[0-9]+)?',
  /** A storage size for a PersistentVolumeClaim. */
  storage: '[0-9]+(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?',
  /** The path of an HTTP request (probes, scrapes, triggers). */
  httpPath: "/[-A-Za-z0-9._~!$&()*+,;=:@%/]*",
  /** An absolute path in a container's filesystem; no ':' (the API server refuses it in a mountPath). */
  filePath: '/[-A-Za-z0-9._@+=,/]*',
  /** A DNS-1123 label, at most 63 characters (volume names). */
  dnsLabel: '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?',
  /** A DNS-1123 subdomain (Secret names): dot-separated labels; at most 253 characters, see maxLength. */
  dnsSubdomain: '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
  /** An environment variable name. */
  envName: '[A-Za-z_][A-Za-z0-9_]*',
  /** A host name or IP address (v4 or v6). */
  host: '[A-Za-z0-9.:\\[\\]-]+',
  /** host:port. */
  hostPort: '[A-Za-z0-9.\\[\\]-]+:[0-9]{1,5}',
} as const;

/** A format that may also be left empty (the parameter's "none" or "pick the default"). */
export const orEmpty = (format: string): string => `|${format}`;

/** Common parameter specs, so every pattern documents image and port the same way. */
export function imageParam(dflt?: undefined, doc?: string): ParamSpec & { type: 'string'; required: true };
export function imageParam(dflt: string, doc?: string): ParamSpec & { type: 'string'; default: string };
export function imageParam(dflt?: string, doc = 'Container image, pinned to a tag or digest.'): ParamSpec & { type: 'string' } {
  return {
    type: 'string',
    doc,
    pattern: FORMATS.image,
    ...(dflt ? { default: dflt } : { required: true }),
  };
}

export const portParam = (dflt: number, doc = 'Port the container listens on.'): ParamSpec & { type: 'integer'; default: number } => ({
  type: 'integer',
  doc,
  default: dflt,
  min: 1,
  max: 65535,
});

export const replicasParam = (dflt: number, doc = 'Number of identical pods.'): ParamSpec & { type: 'integer'; default: number } => ({
  type: 'integer',
  doc,
  default: dflt,
  min: 0,
  max: 1000,
});

/** A list of Kubernetes objects: each a map with apiVersion, kind and metadata.name, all strings. */
function objectListProblem(name: string, value: unknown): string | undefined {
  if (!Array.isArray(value)) return `'${name}' must be a list of Kubernetes objects`;
  const bad = value.findIndex((o) => {
    const meta = isMap(o) ? o.metadata : undefined;
    return !isMap(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !isMap(meta) || typeof meta.name !== 'string' || !meta.name;
  });
  return bad < 0 ? undefined : `'${name}[${bad}]' must be a Kubernetes object with apiVersion, kind and metadata.name`;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
