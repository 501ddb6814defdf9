/** Read a fixture folder as the CLI would, and check an import's round trip independently of its own report. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { allObjects, generate } from '../../src/core/generate/generate';
import { type ImportOptions, type ImportResult, importObjects } from '../../src/core/import/import';
import { objectKey, readManifests } from '../../src/core/import/read';
import type { K8sObject } from '../../src/core/k8s/types';
import { validateDesignText } from '../../src/core/validate/index';

export const FIXTURES = join(__dirname, '../fixtures/import');

const files = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));

export function importFolder(folder: string, opts: ImportOptions = {}): ImportResult & { inputs: K8sObject[] } {
  const sources = files(join(FIXTURES, folder)).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  const read = readManifests(sources);
  expect(read.problems).toEqual([]);
  return { ...importObjects(read.objects, opts), inputs: read.objects.map((o) => o.object) };
}

/** `id:pattern` (and `@host` for attachments) of every component that is not a manifest block. */
export const patternsOf = (r: ImportResult): string[] =>
  r.report.components.filter((c) => c.pattern !== 'manifest').map((c) => `${c.id}:${c.pattern}${c.attachTo ? `@${c.attachTo}` : ''}`).sort();

export const edgesOf = (r: ImportResult): string[] => r.design.connections.map((c) => `${c.from}->${c.to}${c.weight !== undefined ? `:${c.weight}` : ''}`).sort();

/**
 * The design text validates, and generating it yields every input object: verbatim (a manifest block) or as the
 * object the report says it becomes. Secrets are left out by rule.
 */
export function expectNothingLost(r: ImportResult & { inputs: K8sObject[] }): void {
  const { parsed, diagnostics } = validateDesignText(r.text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out = allObjects(generate(parsed.design!));
  const keys = new Set(out.map(objectKey));
  const becomes = new Map(r.report.diff.map((d) => [d.input, d.output]));
  const verbatim = (o: K8sObject) => out.some((x) => JSON.stringify(x) === JSON.stringify(o));
  const missing = r.inputs.filter((o) => o.kind !== 'Secret').filter((o) => !(becomes.has(objectKey(o)) ? keys.has(becomes.get(objectKey(o))!) : verbatim(o)));
  expect(missing.map(objectKey)).toEqual([]);
  expect(r.report.lost).toEqual([]);
}
