/** The optional `load:` of a component: what it must carry, for the capacity estimates. Pure data and checks. */
import type { ParamSpec } from '../patterns/support/types';

/** A component's load as written; every field optional. Rates flow along connections when a component has none. */
export interface Load {
  /** Requests or items arriving per second. */
  rate?: number;
  /** Mean time one request or item occupies one replica or worker (a join: how long a key waits for its last part). */
  serviceMs?: number;
  /** 99th percentile of that time; with it the time is lognormal, without it exponential. */
  p99Ms?: number;
  /** The response time the component must meet at the 99th percentile. */
  targetP99Ms?: number;
  /** Zipf exponent of key popularity (0: every key equally hot). */
  skew?: number;
  keys?: number;
  bytesPerKey?: number;
  /** Share of requests a cache tier answers (replicated-service with cache: true). */
  hitRate?: number;
  /** Items already waiting, for the time to drain them. */
  backlog?: number;
  /** What-if for a function: scale to zero after this many idle seconds (0: never). */
  scaleToZeroSeconds?: number;
}

/** Documentation and ranges of each field: the structure check, the schema, hover and the inspector read it. */
export const LOAD_FIELDS: Readonly<Record<keyof Load, ParamSpec>> = {
  rate: { type: 'number', doc: 'Requests or items arriving per second; absent: the sum of what its connections bring.', min: 0 },
  serviceMs: { type: 'number', doc: 'Mean time one request or item takes on one replica or worker, in ms (a join: how long a key waits for its last part).', default: 10, min: 0.001 },
  p99Ms: { type: 'number', doc: '99th percentile of that time in ms; set it for a lognormal time, leave it out for an exponential one.', min: 0.001 },
  targetP99Ms: { type: 'number', doc: 'Response time to meet at the 99th percentile, in ms (scatter/gather: defaults to rootTimeoutMs).', min: 0.001 },
  skew: { type: 'number', doc: 'Zipf exponent of key popularity; 0 spreads keys evenly, 1 is typical of caches.', default: 1, min: 0, max: 5 },
  keys: { type: 'integer', doc: 'Distinct keys the shards hold.', default: 100000, min: 1 },
  bytesPerKey: { type: 'integer', doc: 'Memory per key (or per in-flight key of a join), in bytes.', default: 1024, min: 0 },
  hitRate: { type: 'number', doc: 'Share of requests the cache tier answers without the backend, 0 to 1.', default: 0.8, min: 0, max: 1 },
  backlog: { type: 'integer', doc: 'Items already waiting, for the time to drain them.', default: 0, min: 0 },
  scaleToZeroSeconds: { type: 'number', doc: 'Functions: what if instances scaled to zero after this many idle seconds (0: never).', default: 0, min: 0 },
};

export const LOAD_FIELD_NAMES = Object.keys(LOAD_FIELDS) as (keyof Load)[];

/** The lognormal fitted to a mean and a p99 cannot have p99 above ~15x the mean (the fit's discriminant). */
export const MAX_P99_OVER_MEAN = Math.exp(2.3263478740408408 ** 2 / 2);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The well-formed fields of a written load (a bad value is left out; loadProblems says why). */
export function readLoad(raw: unknown): Load {
  if (!isObj(raw)) return {};
  const out: Load = {};
  for (const name of LOAD_FIELD_NAMES) {
    const v = raw[name];
    if (typeof v === 'number' && !fieldProblem(name, v)) out[name] = v;
  }
  if (out.p99Ms !== undefined && p99Problem(out.p99Ms, out.serviceMs ?? (LOAD_FIELDS.serviceMs.default as number))) delete out.p99Ms;
  return out;
}

/** Each problem of a written load: the field (undefined for the load itself) and why. */
export function loadProblems(raw: unknown): { field?: string; message: string }[] {
  if (!isObj(raw)) return [{ message: `load is a map of ${LOAD_FIELD_NAMES.join(', ')}.` }];
  const out: { field?: string; message: string }[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (!(LOAD_FIELD_NAMES as string[]).includes(k)) {
      out.push({ field: k, message: `'${k}' is not a load field (fields: ${LOAD_FIELD_NAMES.join(', ')}).` });
      continue;
    }
    const why = typeof v === 'number' && Number.isFinite(v) ? fieldProblem(k as keyof Load, v) : `must be a number`;
    if (why) out.push({ field: k, message: `load.${k} ${why}.` });
  }
  const p99 = raw.p99Ms;
  if (typeof p99 === 'number' && !fieldProblem('p99Ms', p99)) {
    const mean = typeof raw.serviceMs === 'number' ? raw.serviceMs : (LOAD_FIELDS.serviceMs.default as number);
    const why = p99Problem(p99, mean);
    if (why) out.push({ field: 'p99Ms', message: why });
  }
  return out;
}

function fieldProblem(name: keyof Load, v: number): string | undefined {
  const spec = LOAD_FIELDS[name];
  if (!Number.isFinite(v)) return 'must be a number';
  if (spec.type === 'integer' && !Number.isInteger(v)) return 'must be a whole number';
  if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}`;
  if (spec.max !== undefined && v > spec.max) return `must be at most ${spec.max}`;
  return undefined;
}

function p99Problem(p99: number, mean: number): string | undefined {
  if (p99 <= mean) return `load.p99Ms (${p99}) must be above the mean serviceMs (${mean}).`;
  if (p99 > mean * MAX_P99_OVER_MEAN) return `load.p99Ms is more than ${MAX_P99_OVER_MEAN.toFixed(1)}x serviceMs: no lognormal has that mean and p99; raise serviceMs or lower p99Ms.`;
  return undefined;
}
