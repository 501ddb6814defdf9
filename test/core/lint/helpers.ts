import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { applyEdits, lintFixes, lintManifests, type Fix } from '../../../src/core/lint';

const FIXTURES = new URL('../../fixtures/manifests/', import.meta.url);

export const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

export const cleanFixtures = (): [string, string][] =>
  readdirSync(new URL('clean/', FIXTURES))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [f, fixture(`clean/${f}`)]);

/** The clean replicated service (Deployment + Service + PodDisruptionBudget). */
export const WEB = fixture('clean/replicated-service.yaml');
/** The clean sharded Redis with a twemproxy ambassador. */
export const SHARDED = fixture('clean/sharded-redis.yaml');
/** The clean leader-elected scheduler. */
export const ELECTION = fixture('clean/ownership-election.yaml');

export const findings = (text: string, code: string): Diagnostic[] => lintManifests(text).filter((d) => d.code === code);

/** The one diagnostic of `code`; fails the test when there is not exactly one. */
export function only(text: string, code: string): Diagnostic {
  const found = findings(text, code);
  expect(found, `${code} in:\n${found.map((d) => d.message).join('\n')}`).toHaveLength(1);
  return found[0] as Diagnostic;
}

export const slice = (text: string, d: Diagnostic): string => text.slice(d.range?.start ?? 0, d.range?.end ?? 0);

/** Replace `from` by `to`, where `from` occurs exactly once (so a test cannot edit the wrong spot silently). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one occurrence of ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Drop the YAML document that contains `marker` (documents separated by `---` lines). */
export function dropDocument(text: string, marker: string): string {
  const docs = text.split(/^---\n/m);
  const kept = docs.filter((d) => !d.includes(marker));
  if (kept.length !== docs.length - 1) throw new Error(`expected one document with ${marker}`);
  return kept.join('---\n');
}

/** Start of the document holding `offset`. */
function docStart(text: string, offset: number): number {
  const at = text.lastIndexOf('\n---', offset);
  return at < 0 ? 0 : at + 1;
}

/** Add `patterncanvas.dev/ignore: <codes>` to the object metadata (indent 0) or the pod template metadata of the document at `offset`. */
export function withIgnore(text: string, offset: number, codes: string, where: 'object' | 'template' = 'object'): string {
  const start = docStart(text, offset);
  const marker = where === 'object' ? '\nmetadata:\n' : '\n    metadata:\n';
  const indent = where === 'object' ? '  ' : '      ';
  const next = text.indexOf('\n---', start + 1);
  const at = text.indexOf(marker, start - 1);
  if (at < 0 || (next >= 0 && at > next)) throw new Error('no block metadata to annotate in this document');
  const insert = at + marker.length;
  return `${text.slice(0, insert)}${indent}annotations:\n${indent}  patterncanvas.dev/ignore: ${codes}\n${text.slice(insert)}`;
}

/** Apply the fix whose title matches. */
export function applyFix(text: string, d: Diagnostic, title: RegExp): string {
  const fixes = lintFixes(text, d);
  const fix = fixes.find((f: Fix) => title.test(f.title));
  if (!fix) throw new Error(`no fix matching ${title}; got ${fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}
