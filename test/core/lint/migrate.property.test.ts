import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixAll, lintManifests } from '../../../src/core/lint';
import { schemaProblems } from '../../support/schema';

interface Style {
  indent: number;
  seqIndented: boolean;
  comments: boolean;
  crlf: boolean;
}

const style = fc.record({ indent: fc.constantFrom(2, 4), seqIndented: fc.boolean(), comments: fc.boolean(), crlf: fc.boolean() });

/** Helpers to write YAML lines in a style: indentation, sequence dashes, trailing comments, line endings. */
function writer(s: Style) {
  const i = (n: number) => ' '.repeat(s.indent * n);
  return {
    i,
    dash: (n: number) => (s.seqIndented ? `${i(n + 1)}- ` : `${i(n)}- `),
    item: (n: number) => (s.seqIndented ? `${i(n + 1)}  ` : `${i(n)}  `),
    c: (text: string) => (s.comments ? `  # ${text}` : ''),
    done: (lines: string[]) => {
      const text = `${lines.join('\n')}\n`;
      return s.crlf ? text.replace(/\n/g, '\r\n') : text;
    },
  };
}

const LEGACY_WORKLOADS: [string, string][] = [
  ['extensions/v1beta1', 'Deployment'],
  ['extensions/v1beta1', 'DaemonSet'],
  ['extensions/v1beta1', 'ReplicaSet'],
  ['apps/v1beta1', 'Deployment'],
  ['apps/v1beta1', 'StatefulSet'],
  ['apps/v1beta2', 'Deployment'],
  ['apps/v1beta2', 'StatefulSet'],
  ['apps/v1beta2', 'DaemonSet'],
];

const workload = fc
  .record({
    s: style,
    api: fc.constantFrom(...LEGACY_WORKLOADS),
    labels: fc.uniqueArray(fc.constantFrom('app', 'tier', 'app.kubernetes.io/name'), { minLength: 1, maxLength: 3 }),
    withSelector: fc.boolean(),
    replicasFirst: fc.boolean(),
  })
  .map(({ s, api: [apiVersion, kind], labels, withSelector, replicasFirst }) => {
    const w = writer(s);
    const lines = [`apiVersion: ${apiVersion}${w.c('from 2018')}`, `kind: ${kind}`, 'metadata:', `${w.i(1)}name: legacy`, 'spec:'];
    const replicas = kind === 'DaemonSet' ? [] : [`${w.i(1)}replicas: 2${w.c('two')}`];
    if (kind === 'StatefulSet') lines.push(`${w.i(1)}serviceName: legacy`);
    if (replicasFirst) lines.push(...replicas);
    if (withSelector) lines.push(`${w.i(1)}selector:`, `${w.i(2)}matchLabels:`, ...labels.map((l) => `${w.i(3)}${l}: web`));
    lines.push(`${w.i(1)}template:`, `${w.i(2)}metadata:`, `${w.i(3)}labels:`, ...labels.map((l) => `${w.i(4)}${l}: web`));
    lines.push(`${w.i(2)}spec:`, `${w.i(3)}containers:`, `${w.dash(3)}name: web${w.c('the app')}`, `${w.item(3)}image: nginx:1.27`);
    if (!replicasFirst) lines.push(...replicas);
    return { text: w.done(lines), labels };
  });

const ingress = fc
  .record({
    s: style,
    apiVersion: fc.constantFrom('extensions/v1beta1', 'networking.k8s.io/v1beta1'),
    defaultBackend: fc.boolean(),
    paths: fc.array(fc.record({ port: fc.constantFrom<number | string>(80, 8080, 'http'), flow: fc.boolean(), typed: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ s, apiVersion, defaultBackend, paths }) => {
    const w = writer(s);
    const lines = [`apiVersion: ${apiVersion}`, 'kind: Ingress', 'metadata:', `${w.i(1)}name: front${w.c('edge')}`, 'spec:'];
    if (defaultBackend) lines.push(`${w.i(1)}backend:`, `${w.i(2)}serviceName: fallback`, `${w.i(2)}servicePort: 80`);
    lines.push(`${w.i(1)}rules:`, `${w.dash(1)}host: shop.example.com`, `${w.item(1)}http:`, `${w.item(1)}${w.i(1)}paths:`);
    const pathsColumn = w.item(1).length + s.indent;
    const dash = pathsColumn + (s.seqIndented ? s.indent : 0);
    const at = (k: number) => ' '.repeat(dash + k);
    paths.forEach((p, n) => {
      lines.push(`${at(0)}- path: /p${n}${w.c(`path ${n}`)}`);
      if (p.typed) lines.push(`${at(2)}pathType: Prefix`);
      if (p.flow) lines.push(`${at(2)}backend: { serviceName: svc${n}, servicePort: ${p.port} }`);
      else lines.push(`${at(2)}backend:`, `${at(2 + s.indent)}serviceName: svc${n}`, `${at(2 + s.indent)}servicePort: ${p.port}`);
    });
    return { text: w.done(lines), defaultBackend, paths };
  });

const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
const commentLines = (text: string) => text.split(/\r?\n/).filter((l) => l.includes('#'));
const port = (p: number | string) => (typeof p === 'number' ? { number: p } : { name: p });

describe('API migrations (property)', () => {
  it('migrate a legacy workload in any style to the same object in apps/v1, selecting its template labels', () => {
    fc.assert(
      fc.property(workload, ({ text, labels }) => {
        expect(lintManifests(text).filter((d) => d.code === 'PC100')).toEqual([]);
        const { text: fixed, applied } = fixAll(text);
        expect(applied.map((a) => a.code)).toEqual(['PC102']);
        expect(lintManifests(fixed).filter((d) => d.severity === 'error')).toEqual([]);
        const [before] = objects(text) as [{ spec: Record<string, unknown> }];
        const [after] = objects(fixed);
        expect(after).toEqual({ ...before, apiVersion: 'apps/v1', spec: { ...before.spec, selector: { matchLabels: Object.fromEntries(labels.map((l) => [l, 'web'])) } } });
        expect(schemaProblems(after!)).toEqual([]);
        for (const line of commentLines(text)) expect(fixed).toContain(line.replace(/^apiVersion: \S+/, 'apiVersion: apps/v1'));
        expect(fixed.includes('\r\n')).toBe(text.includes('\r\n'));
      }),
      { numRuns: 150 },
    );
  });

  it('migrate an Ingress in any style to networking.k8s.io/v1 with the same routes', () => {
    fc.assert(
      fc.property(ingress, ({ text, defaultBackend, paths }) => {
        expect(lintManifests(text).filter((d) => d.code === 'PC100')).toEqual([]);
        const { text: fixed } = fixAll(text);
        const [after] = objects(fixed) as [{ apiVersion: string; spec: { defaultBackend?: unknown; backend?: unknown; rules: { http: { paths: unknown[] } }[] } }];
        expect(after.apiVersion).toBe('networking.k8s.io/v1');
        expect(after.spec.backend).toBeUndefined();
        expect(after.spec.defaultBackend).toEqual(defaultBackend ? { service: { name: 'fallback', port: { number: 80 } } } : undefined);
        expect(after.spec.rules[0]!.http.paths).toEqual(
          paths.map((p, n) => ({ path: `/p${n}`, pathType: p.typed ? 'Prefix' : 'ImplementationSpecific', backend: { service: { name: `svc${n}`, port: port(p.port) } } })),
        );
        expect(schemaProblems(after)).toEqual([]);
        for (const line of commentLines(text)) expect(fixed).toContain(line);
      }),
      { numRuns: 150 },
    );
  });
});
