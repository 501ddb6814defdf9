/**
 * Hover text and completion candidates for design files, from the catalogue and what is at the cursor.
 * No `vscode` import: the providers in hover.ts/completion.ts only convert these to editor types.
 */
import type { CursorTarget, DesignOutline } from '../../core/design/cursor';
import { LOAD_FIELD_NAMES, LOAD_FIELDS } from '../../core/design/load';
import { COMPONENT_COMMON_FIELDS } from '../../core/design/model';
import { CATALOGUE, patternDef } from '../../core/patterns/index';
import type { ParamSpec, PatternDef } from '../../core/patterns/support/types';

export interface Suggestion {
  label: string;
  kind: 'pattern' | 'parameter' | 'field' | 'value' | 'component';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What replaces the target's range, in VS Code snippet syntax. */
  snippet: string;
  /** Orders the list: defaults and required entries first. */
  sortText?: string;
}

/** Fields every component may have, documented like parameters. */
const COMMON_DOCS: Record<(typeof COMPONENT_COMMON_FIELDS)[number], string> = {
  pattern: 'The pattern this component is built from: one of the catalogue ids (sidecar, replicated-service, …).',
  attachTo: 'For single-node patterns (sidecar, ambassador, adapter): the workload whose pod this container joins.',
  description: 'Free text shown on the canvas and in reviews; not used by generation.',
  load: [
    'What the component must carry, for the capacity estimates on the canvas and the PC090–PC094 checks; every field optional.',
    '',
    ...LOAD_FIELD_NAMES.map((f) => `- \`${f}\`: ${LOAD_FIELDS[f].doc}${LOAD_FIELDS[f].default !== undefined ? ` Default ${String(LOAD_FIELDS[f].default)}.` : ''}`),
  ].join('\n'),
};

export function hoverMarkdown(target: CursorTarget, outline: DesignOutline): string | undefined {
  switch (target.kind) {
    case 'pattern-value': {
      const def = patternDef(target.value.trim());
      return def ? patternMarkdown(def) : undefined;
    }
    case 'component-id': {
      const def = target.pattern ? patternDef(target.pattern) : undefined;
      return def ? `**${target.componentId}** · ${def.title}\n\n${def.summary}` : undefined;
    }
    case 'param-key': {
      if (Object.hasOwn(COMMON_DOCS, target.key)) return `**${target.key}**\n\n${COMMON_DOCS[target.key as keyof typeof COMMON_DOCS]}`;
      const def = target.pattern ? patternDef(target.pattern) : undefined;
      const spec = def && Object.hasOwn(def.params, target.key) ? def.params[target.key] : undefined;
      return def && spec ? paramMarkdown(target.key, spec, def) : undefined;
    }
    case 'load-key': {
      const spec = (LOAD_FIELDS as Record<string, ParamSpec | undefined>)[target.key];
      return spec ? [`**load.${target.key}** · ${typeText(spec)}${spec.default !== undefined ? ` · default ${defaultText(spec)}` : ''}`, '', spec.doc].join('\n') : undefined;
    }
    case 'component-ref': {
      const pattern = outline.patternOf(target.value.trim());
      const def = pattern ? patternDef(pattern) : undefined;
      return def ? `**${target.value.trim()}** · ${def.title}\n\n${def.summary}` : undefined;
    }
    default:
      return undefined;
  }
}

export function patternMarkdown(def: PatternDef): string {
  const lines = [`**${def.title}** · \`${def.id}\` — ${def.chapter}`, '', def.summary];
  if (def.attachesTo?.length) lines.push('', `Attaches to: ${def.attachesTo.map((p) => `\`${p}\``).join(', ')}`);
  const params = Object.entries(def.params);
  if (params.length) {
    lines.push('', '| Parameter | Type | Default | |', '|---|---|---|---|');
    for (const [name, spec] of params) lines.push(`| \`${name}\` | ${typeText(spec)} | ${defaultText(spec)} | ${cell(spec.doc)} |`);
  }
  return lines.join('\n');
}

export function paramMarkdown(name: string, spec: ParamSpec, def: PatternDef): string {
  return [`**${name}** · ${typeText(spec)} · ${spec.required ? 'required' : `default ${defaultText(spec)}`}`, '', spec.doc, '', `*Parameter of ${def.title} (\`${def.id}\`).*`].join('\n');
}

function typeText(spec: ParamSpec): string {
  if (spec.type === 'enum') return `one of ${(spec.enum ?? []).map((v) => `\`${v}\``).join(', ')}`;
  const bounds = spec.min !== undefined && spec.max !== undefined ? ` (${spec.min}–${spec.max})` : spec.min !== undefined ? ` (≥ ${spec.min})` : '';
  return `${spec.type}${bounds}`;
}

function defaultText(spec: ParamSpec): string {
  if (spec.required) return '*required*';
  if (spec.default === undefined || spec.default === '') return '—';
  return `\`${Array.isArray(spec.default) ? `[${spec.default.join(', ')}]` : String(spec.default)}\``;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function suggestions(target: CursorTarget, outline: DesignOutline): Suggestion[] {
  switch (target.kind) {
    case 'pattern-value':
      return CATALOGUE.map((def, i) => ({
        label: def.id,
        kind: 'pattern',
        detail: def.title,
        documentation: patternMarkdown(def),
        snippet: escape(def.id),
        sortText: String(i).padStart(3, '0'),
      }));
    case 'param-key':
      return keySuggestions(target, target.pattern ? patternDef(target.pattern) : undefined);
    case 'param-value': {
      const params = target.pattern ? patternDef(target.pattern)?.params : undefined;
      const spec = params && Object.hasOwn(params, target.param) ? params[target.param] : undefined;
      return spec ? valueSuggestions(spec) : [];
    }
    case 'component-ref':
      return refSuggestions(target, outline);
    case 'load-key':
      return LOAD_FIELD_NAMES.filter((f) => !target.present.includes(f)).map((f, i) => {
        const spec = LOAD_FIELDS[f];
        return { label: f, kind: 'parameter' as const, detail: typeText(spec), documentation: spec.doc, snippet: target.colon ? f : `${f}: ${valueSnippet(spec, f)}`, sortText: String(i).padStart(3, '0') };
      });
    default:
      return [];
  }
}

function keySuggestions(target: Extract<CursorTarget, { kind: 'param-key' }>, def: PatternDef | undefined): Suggestion[] {
  const present = new Set(target.present);
  const out: Suggestion[] = [];
  // Catalogue order within each rank: a pattern lists its headline parameters (image, port…) first.
  const entry = (name: string, value: string, rank: number, s: Omit<Suggestion, 'label' | 'snippet' | 'sortText'>): void => {
    if (present.has(name)) return;
    out.push({ label: name, snippet: target.colon ? name : `${name}: ${value}`, sortText: `${rank}-${String(out.length).padStart(3, '0')}`, ...s });
  };
  if (!target.pattern) entry('pattern', '${1|' + CATALOGUE.map((p) => p.id).join(',') + '|}', 0, { kind: 'field', documentation: COMMON_DOCS.pattern });
  if (def?.role === 'attachment') entry('attachTo', '$1', 0, { kind: 'field', documentation: COMMON_DOCS.attachTo });
  for (const [name, spec] of Object.entries(def?.params ?? {})) {
    entry(name, valueSnippet(spec, name), spec.required ? 1 : 2, { kind: 'parameter', detail: typeText(spec), documentation: paramMarkdown(name, spec, def!) });
  }
  entry('description', '$1', 3, { kind: 'field', documentation: COMMON_DOCS.description });
  // The snippet's next line is indented from the key's by VS Code itself.
  if (def && def.role !== 'attachment') entry('load', '\n  rate: ${1:100}', 3, { kind: 'field', documentation: COMMON_DOCS.load });
  return out;
}

/** The value part of `name: value`: a choice for enums and booleans, the default as a placeholder otherwise. */
function valueSnippet(spec: ParamSpec, name: string): string {
  if (spec.type === 'enum') return choice(ordered(spec.enum ?? [], spec.default));
  if (spec.type === 'boolean') return choice(ordered(['true', 'false'], String(spec.default)));
  if (spec.type === 'string-list') return '\n  - $1';
  if (spec.type === 'object-list') return '\n  - apiVersion: ${1:v1}\n    kind: ${2:ConfigMap}\n    metadata:\n      name: $3';
  if (spec.required && (name === 'image' || /Image$/.test(name))) return '${1:registry.example/app:1.0}';
  if (spec.default === undefined || spec.default === '' || isList(spec.default)) return '$1';
  return `\${1:${escape(yamlScalar(spec.default))}}`;
}

function valueSuggestions(spec: ParamSpec): Suggestion[] {
  const values =
    spec.type === 'enum' ? ordered(spec.enum ?? [], spec.default)
    : spec.type === 'boolean' ? ordered(['true', 'false'], String(spec.default))
    : spec.default !== undefined && spec.default !== '' && !isList(spec.default) ? [yamlScalar(spec.default)]
    : [];
  return values.map((v, i) => ({
    label: v,
    kind: 'value',
    ...(String(spec.default) === v ? { detail: 'default' } : {}),
    documentation: spec.doc,
    snippet: escape(v),
    sortText: String(i).padStart(3, '0'),
  }));
}

function refSuggestions(target: Extract<CursorTarget, { kind: 'component-ref' }>, outline: DesignOutline): Suggestion[] {
  const self = target.componentId;
  const hosts = target.field === 'attachTo' && self ? patternDef(outline.patternOf(self) ?? '')?.attachesTo : undefined;
  return outline.ids
    .filter((id) => id !== self)
    .filter((id) => {
      const def = patternDef(outline.patternOf(id) ?? '');
      if (target.field !== 'attachTo') return true;
      // Only workloads have a pod to join; the attachment's own list narrows further when it has one.
      return def?.role === 'workload' && (!hosts || hosts.includes(def.id));
    })
    .map((id) => {
      const def = patternDef(outline.patternOf(id) ?? '');
      return { label: id, kind: 'component' as const, ...(def ? { detail: def.title, documentation: def.summary } : {}), snippet: escape(id) };
    });
}

/** `Array.isArray` does not narrow readonly arrays. */
const isList = (v: unknown): v is readonly string[] => Array.isArray(v);

const ordered = (values: readonly string[], first: unknown): string[] => [...values].sort((a, b) => Number(b === first) - Number(a === first));

const choice = (values: readonly string[]): string => '${1|' + values.map((v) => v.replace(/[\\|,$}]/g, '\\$&')).join(',') + '|}';

/** Snippet syntax gives `$`, `}` and `\` meaning; a literal value escapes them. */
const escape = (s: string): string => s.replace(/[\\$}]/g, '\\$&');

/** A default as YAML would show it: quoted when a plain scalar would read differently. */
function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return /^[\w./@-][\w./@:-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(v) && !v.includes(': ') ? v : JSON.stringify(v);
}
