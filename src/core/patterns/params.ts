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

/** Why a value does not fit its parameter, or undefined when it does. */
export function paramProblem(name: string, spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return `'${name}' must be a string`;
      if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) return `'${name}' must match ${spec.pattern}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `'${name}' must be true or false`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return `'${name}' must be a number`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `'${name}' must be a whole number`;
      if (spec.min !== undefined && value < spec.min) return `'${name}' must be at least ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `'${name}' must be at most ${spec.max}`;
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

/** Common parameter specs, so every pattern documents image and port the same way. */
export const imageParam = (dflt?: string, doc = 'Container image, pinned to a tag or digest.'): ParamSpec => ({
  type: 'string',
  doc,
  ...(dflt ? { default: dflt } : { required: true }),
});

export const portParam = (dflt: number, doc = 'Port the container listens on.'): ParamSpec => ({
  type: 'integer',
  doc,
  default: dflt,
  min: 1,
  max: 65535,
});

export const replicasParam = (dflt: number, doc = 'Number of identical pods.'): ParamSpec => ({
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
