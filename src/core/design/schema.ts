/** The JSON Schema of the design format, derived from the catalogue (shipped as schemas/patterns.schema.json). */
import { LOAD_FIELD_NAMES, LOAD_FIELDS } from './load';
import { PATTERN_IDS } from '../patterns/support/ids';
import { CATALOGUE } from '../patterns/index';
import { maxOf } from '../patterns/support/params';
import type { ParamSpec } from '../patterns/support/types';
import { API_VERSION, COMPONENT_COMMON_FIELDS, DESIGN_KIND, MAX_COMPONENT_ID, PROJECT_IMAGE_REGISTRY } from './model';

type Schema = Record<string, unknown>;

const DNS1123 = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

function paramSchema(p: ParamSpec): Schema {
  const base: Schema = { description: p.doc, ...(p.default !== undefined ? { default: p.default } : {}) };
  switch (p.type) {
    case 'string':
      return { ...base, type: 'string', ...(p.pattern ? { pattern: `^(?:${p.pattern})$` } : {}), ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}) };
    case 'integer':
    case 'number':
      return { ...base, type: p.type, ...(p.min !== undefined ? { minimum: p.min } : {}), ...(maxOf(p) !== undefined ? { maximum: maxOf(p) } : {}) };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'enum':
      return { ...base, type: 'string', enum: [...(p.enum ?? [])] };
    case 'string-list':
      return { ...base, type: 'array', items: { type: 'string' } };
    case 'object-list':
      return {
        ...base,
        type: 'array',
        items: {
          type: 'object',
          required: ['apiVersion', 'kind', 'metadata'],
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
        },
      };
  }
}

/** The optional `load:` of every component (src/core/design/load.ts). */
function loadSchema(): Schema {
  return {
    type: 'object',
    description: 'What the component must carry, for the capacity estimates and the PC090-PC094 checks.',
    additionalProperties: false,
    properties: Object.fromEntries(LOAD_FIELD_NAMES.map((f) => [f, paramSchema(LOAD_FIELDS[f])])),
  };
}

export function designSchema(): Schema {
  const perPattern = CATALOGUE.map((def) => ({
    if: { properties: { pattern: { const: def.id } }, required: ['pattern'] },
    then: {
      // Only this pattern's parameters: a `shards` on a queue is a mistake, not a harmless extra.
      propertyNames: { enum: [...COMPONENT_COMMON_FIELDS, ...Object.keys(def.params)] },
      properties: Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, paramSchema(p)])),
      required: Object.entries(def.params).filter(([, p]) => p.required).map(([k]) => k),
    },
  }));
  const allParams = new Set(CATALOGUE.flatMap((d) => Object.keys(d.params)));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://patterncanvas.dev/schemas/v1alpha1/design.json',
    title: 'Pattern Canvas design',
    description: 'A distributed system made of the patterns of Designing Distributed Systems.',
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata'],
    properties: {
      apiVersion: { const: API_VERSION },
      kind: { const: DESIGN_KIND },
      metadata: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: DNS1123, maxLength: 63, description: 'Becomes app.kubernetes.io/part-of on every object.' },
          namespace: { type: 'string', pattern: DNS1123, maxLength: 63 },
          description: { type: 'string' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      spec: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: 'Design-wide generation settings.',
        properties: {
          nativeSidecars: {
            type: 'boolean',
            default: true,
            description: 'Sidecars, ambassadors and adapters as native sidecars (init containers with restartPolicy: Always, Kubernetes 1.29+); false keeps regular containers for older clusters.',
          },
          podSecurity: {
            enum: ['restricted', 'baseline'],
            default: 'restricted',
            description: 'Pod Security level of the generated pods: restricted (non-root as 65532, read-only root filesystem, no capabilities) or baseline, for images that must run as root.',
          },
        },
      },
      components: {
        type: ['object', 'null'],
        // Ids name Services (RFC 1035: a letter first) and leave room for the suffixes of derived names.
        propertyNames: { pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: MAX_COMPONENT_ID },
        additionalProperties: {
          type: 'object',
          required: ['pattern'],
          properties: {
            pattern: { enum: [...PATTERN_IDS], description: 'The pattern of the book this component is.' },
            attachTo: { type: 'string', description: 'Single-node patterns: the workload whose pod this joins.' },
            description: { type: 'string' },
            load: loadSchema(),
            // Every parameter name is known here; which ones a pattern takes is checked by the if/then below.
            ...Object.fromEntries([...allParams].sort().map((k) => [k, {}])),
          },
          additionalProperties: false,
          allOf: perPattern,
        },
      },
      connections: {
        type: ['array', 'null'],
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            topic: { type: 'string', description: 'Topic or queue name, for batch edges.' },
            weight: { type: 'number', minimum: 0, maximum: 100, description: 'Traffic share in percent, for a splitting ambassador.' },
            description: { type: 'string' },
          },
        },
      },
      layout: {
        type: ['object', 'null'],
        description: 'Canvas positions only; kept apart so logic diffs stay clean.',
        additionalProperties: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
      },
      images: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          registry: {
            type: 'string',
            description: `host[:port][/path] that replaces ${PROJECT_IMAGE_REGISTRY} in the images of the project's own programs (batch operators, work-queue manager, demo apps); push them there with npm run images -- push.`,
            examples: ['registry.example.com/team', 'localhost:5000/pattern-canvas'],
          },
        },
      },
    },
  };
}
