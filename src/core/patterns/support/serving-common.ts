/** Small helpers shared by the single-node and serving patterns: pod roles, localhost, quantities, hosts. */
import type { DocPath } from '../../diagnostics';
import type { Labels } from '../../k8s/types';
import type { Connection, DesignView, ExpandContext, ParamSpec, ResolvedComponent } from './types';

/**
 * A workload with several kinds of pods (shards and router, root and leaves, app and cache) tells them apart by
 * this label; it is part of every selector from the first version on, because selectors are immutable.
 */
export const ROLE_LABEL = 'patterncanvas.dev/role';

/** The workloads whose pods sidecars, ambassadors and adapters attach to. */
export const ATTACHMENT_HOSTS = ['replicated-service', 'sharded-service', 'scatter-gather', 'function', 'ownership-election', 'work-queue'] as const;

export const roleLabels = (role: string, extra: Labels = {}): Labels => ({ [ROLE_LABEL]: role, ...extra });

/** The selector of one kind of pod of this component. */
export const roleSelector = (ctx: ExpandContext, role: string, extra: Labels = {}): Labels => ({ ...ctx.selector, ...roleLabels(role, extra) });

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Bound to the pod's loopback interface, so only containers of the same pod can reach it. */
export const isLoopback = (address: unknown): boolean => typeof address === 'string' && LOOPBACK.has(address.trim().toLowerCase());

/** The address to write into a proxy's config: localhost spelled as an IP, anything else as given. */
export const listenHost = (address: unknown): string => (typeof address !== 'string' || address.toLowerCase() === 'localhost' ? '127.0.0.1' : address);

/** host:port as nginx reads it: an IPv6 address in brackets (`[::1]:8080`; nginx refuses `::1:8080`). */
export const nginxHostPort = (address: unknown, port: number): string => {
  const host = listenHost(address);
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
};

/** The host workload an attachment lives in, with its own `port` parameter when it has one. */
export function hostOfAttachment(c: ResolvedComponent, design: DesignView): { host: ResolvedComponent; port?: number } | undefined {
  const host = c.attachTo ? design.get(c.attachTo) : undefined;
  if (!host) return undefined;
  const port = host.params.port;
  return typeof port === 'number' ? { host, port } : { host };
}

/** Path of a connection (or one of its fields) in the document. */
export function connectionPath(design: DesignView, conn: Connection, field?: string): DocPath {
  const i = design.connections.indexOf(conn);
  return field ? ['connections', i, field] : ['connections', i];
}

/** Kubernetes memory quantity: a number with an optional binary (Ki..Ei) or decimal (k..E) suffix. */
export const MEMORY_PATTERN = '[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?';

export const memoryParam = (dflt: string, doc: string): ParamSpec & { type: 'string'; default: string } => ({ type: 'string', doc, default: dflt, pattern: MEMORY_PATTERN });

const FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Bytes of a memory quantity such as `256Mi` or `1G`; undefined when it is not one. */
export function memoryBytes(q: unknown): number | undefined {
  if (typeof q !== 'string') return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)([KMGTPE]i|[kMGTPE])?$/.exec(q.trim());
  if (!m) return undefined;
  return Number(m[1]) * (FACTORS[m[2] ?? ''] ?? 1);
}

const MI = 2 ** 20;

/** A byte count as a Kubernetes quantity, in whole Mi (rounded down) when it is at least 1Mi. */
export const mebibytes = (bytes: number): string => (bytes >= MI ? `${Math.floor(bytes / MI)}Mi` : `${Math.floor(bytes)}`);

/** A short, stable checksum of a configuration text (FNV-1a, 32 bits), to roll pods when the config changes. */
export function configChecksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Pod annotation carrying a component's config checksum; a changed config then changes the pod template. */
export const checksumAnnotation = (id: string, text: string): Labels => ({ [`config.patterncanvas.dev/${id}`]: configChecksum(text) });

/** Env var names for a connection target: CACHE_ADDR for component `cache`. */
export const envPrefix = (id: string): string => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
