/**
 * The snippets are code a person inserts: each must expand to YAML that parses, Kubernetes snippets to objects the
 * schema accepts and our own lint does not complain about, design snippets to components that validate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../src/core/diagnostics';
import { lintManifests } from '../src/core/lint/index';
import { CATALOGUE } from '../src/core/patterns/index';
import { validateDesignText } from '../src/core/validate/index';
import { expectValidObjects } from './support/schema';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const load = (file: string): Record<string, Snippet> => JSON.parse(readFileSync(join(__dirname, '../snippets', file), 'utf8'));
const KUBERNETES = load('kubernetes.json');
const DESIGN = load('patterns.code-snippets');
const byPrefix = (set: Record<string, Snippet>, prefix: string): Snippet => Object.values(set).find((s) => s.prefix === prefix)!;

/** What inserting the snippet and accepting every default gives: `${1:x}` -> x, `${1|a,b|}` -> a, `$0` -> ''. */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  // Innermost placeholders first, so `${2:${1:web}-tls}` becomes `web-tls`.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text
      .replace(/\$\{\d+:((?:[^${}\\]|\\.)*)\}/g, '$1')
      .replace(/\$\{\d+\|((?:[^,|\\]|\\.)*)(?:,(?:[^|\\]|\\.)*)*\|\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  expect(text, 'a placeholder or variable was left').not.toMatch(/(^|[^\\])\$[{\w]/);
  return text.replace(/\\([$}\\,|])/g, '$1');
}

/** Every occurrence of a tab stop has the same default: VS Code mirrors them, so two defaults would be a lie. */
function tabStopDefaults(body: readonly string[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const m of body.join('\n').matchAll(/\$\{(\d+)[:|]((?:[^${}]|\$\{\d+:[^}]*\})*)\}/g)) {
    const set = seen.get(m[1]!) ?? new Set<string>();
    set.add(m[2]!);
    seen.set(m[1]!, set);
  }
  return seen;
}

const problems = (diags: readonly Diagnostic[], at: readonly ('error' | 'warning' | 'info')[]) => diags.filter((d) => at.includes(d.severity)).map((d) => `${d.code} ${d.message}`);

describe('snippet files', () => {
  it('have unique prefixes starting pc-, a description, and consistent tab stops', () => {
    const all = [...Object.values(KUBERNETES), ...Object.values(DESIGN)];
    expect(new Set(all.map((s) => s.prefix)).size).toBe(all.length);
    for (const s of all) {
      expect(s.prefix).toMatch(/^pc-[a-z0-9-]+$/);
      expect(s.description.length, s.prefix).toBeGreaterThan(20);
      for (const [stop, defaults] of tabStopDefaults(s.body)) expect(defaults.size, `${s.prefix} tab stop ${stop}`).toBe(1);
    }
  });

  it('are the ones the Getting Started walkthrough names', () => {
    const page = readFileSync(join(__dirname, '../media/walkthrough/snippets.md'), 'utf8');
    const prefixes = new Set([...Object.values(KUBERNETES), ...Object.values(DESIGN)].map((s) => s.prefix));
    const named = [...page.matchAll(/`(pc-[a-z0-9-]+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const p of named) expect(prefixes, p).toContain(p);
  });
});

describe('Kubernetes snippets', () => {
  const cases = Object.values(KUBERNETES).map((s) => [s.prefix, s] as const);

  it.each(cases)('%s parses, passes the Kubernetes schema and lints clean', (_prefix, snippet) => {
    const text = expand(snippet.body);
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) throw new Error('not a YAML stream');
    expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
    expectValidObjects(docs.map((d) => d.toJS()).filter(Boolean));
    // Our own hints would be embarrassing on our own snippets; informational notes (e.g. no PDB in this file) are fine.
    expect(problems(lintManifests(text, { fileName: 'snippet.yaml' }), ['error', 'warning'])).toEqual([]);
  });

  it('the ambassador and the sharded service compose: the router names exactly the shards', () => {
    const text = ['pc-k8s-sharded-service', 'pc-k8s-ambassador'].map((p) => expand(byPrefix(KUBERNETES, p).body)).join('\n---\n');
    expect(problems(lintManifests(text), ['error', 'warning'])).toEqual([]);
    // And the lint does look: one shard fewer and the router's list is wrong.
    const fewer = text.replace('replicas: 3', 'replicas: 2');
    expect(lintManifests(fewer).map((d) => d.code)).toContain('PC136');
  });
});

describe('design snippets', () => {
  const BASE = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: snippets
components:
  web:
    pattern: replicated-service
    image: ghcr.io/example/web:1.0.0
  cache:
    pattern: sharded-service
    image: redis:7.4
  events:
    pattern: queue
  intake:
    pattern: copier
  checks:
    pattern: copier
__COMPONENT__
connections:
  - from: events
    to: intake
    topic: uploads
  - from: events
    to: checks
    topic: uploads
__CONNECTIONS__
`;
  const edge = (from: string, to: string, topic?: string) => `  - from: ${from}\n    to: ${to}\n${topic ? `    topic: ${topic}\n` : ''}`;
  const fromBus = (id: string) => edge('events', id, 'uploads');
  /** Components that are only sound once wired, as their snippet's description says: the edges drawn in the canvas. */
  const WIRING: Record<string, (id: string) => string> = {
    ambassador: (id) => edge(id, 'cache'),
    copier: fromBus,
    filter: fromBus,
    splitter: fromBus,
    sharder: fromBus,
    merger: (id) => edge('intake', id) + edge('checks', id),
    join: (id) => edge('intake', id) + edge('checks', id),
    reduce: fromBus,
  };

  const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

  it('cover every pattern of the catalogue', () => {
    const prefixes = Object.values(DESIGN).map((s) => s.prefix);
    for (const p of CATALOGUE) expect(prefixes, p.id).toContain(`pc-${p.id}`);
  });

  it.each(CATALOGUE.map((p) => [p.id] as const))('pc-%s pasted under components: validates without errors', (id) => {
    const component = expand(byPrefix(DESIGN, `pc-${id}`).body);
    const componentId = component.split(':')[0]!;
    const text = BASE.replace('__COMPONENT__', indent(component, 2)).replace('__CONNECTIONS__', WIRING[id]?.(componentId) ?? '');
    const { parsed, diagnostics } = validateDesignText(text);
    expect(parsed.design?.components[componentId]?.pattern).toBe(id);
    expect(problems(diagnostics, ['error'])).toEqual([]);
  });

  it('pc-design is a whole design that validates, and pc-connection an entry of connections', () => {
    const design = expand(byPrefix(DESIGN, 'pc-design').body);
    expect(problems(validateDesignText(design).diagnostics, ['error', 'warning'])).toEqual([]);
    const withCache = design.replace('connections: []', `  cache:\n    pattern: sharded-service\nconnections:\n${indent(expand(byPrefix(DESIGN, 'pc-connection').body), 2)}`);
    const { parsed, diagnostics } = validateDesignText(withCache);
    expect(problems(diagnostics, ['error'])).toEqual([]);
    expect(parsed.design?.connections).toEqual([{ from: 'web', to: 'cache' }]);
  });
});
