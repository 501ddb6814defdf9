/** What a deploy will change: the live object against the server's dry-run of the new one, field by field. */
import { APPLIED_DIGEST } from './in-sync';

export type ChangeKind = 'create' | 'change' | 'unchanged' | 'prune';

export interface PlannedChange {
  kind: string;
  name: string;
  namespace?: string;
  /** The component the object belongs to (from its labels). */
  component?: string;
  change: ChangeKind;
  /** Changed field paths, e.g. `spec.replicas: 2 → 3`. */
  fields: string[];
  /** The server's warnings from the dry-run (unknown fields, deprecated APIs). */
  warnings?: string[];
}

/** Fields the server (or the deploy engine) owns; they differ between any two reads and say nothing about the design. */
const NOISE = new Set([`metadata.annotations.${APPLIED_DIGEST}`, 'metadata.managedFields', 'metadata.resourceVersion', 'metadata.uid', 'metadata.creationTimestamp', 'metadata.generation', 'status', 'metadata.annotations.deployment.kubernetes.io/revision']);

export function changedFields(live: unknown, next: unknown, limit = 50): string[] {
  const out: string[] = [];
  walk(live, next, '', out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || NOISE.has(path)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], path ? `${path}.${k}` : k, out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out, limit));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${short(a)} → ${short(b)}`);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function short(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Apply order: Namespaces and CRDs first (others depend on them), then everything else. */
export function applyPhases<T extends { kind: string }>(objects: readonly T[]): T[][] {
  const first = objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition');
  const rest = objects.filter((o) => !first.includes(o));
  return [first, rest].filter((p) => p.length);
}

export function summarizePlan(changes: readonly PlannedChange[]): Record<ChangeKind, number> {
  const s: Record<ChangeKind, number> = { create: 0, change: 0, unchanged: 0, prune: 0 };
  for (const c of changes) s[c.change]++;
  return s;
}

const SYMBOL: Record<ChangeKind, string> = { create: '+', change: '~', unchanged: '=', prune: '-' };

/**
 * A plan as text lines: `+ Deployment web (web)` then its changed fields and the server's warnings, indented.
 * Used by the CLI and the editor.
 */
export function planLines(changes: readonly PlannedChange[]): string[] {
  return changes.flatMap((c) => [
    `${SYMBOL[c.change]} ${c.kind} ${c.name}${c.component ? ` (${c.component})` : ''}`,
    ...c.fields.map((f) => `    ${f}`),
    ...(c.warnings ?? []).map((w) => `    warning: ${w}`),
  ]);
}

/** `2 to create, 1 to change, 5 unchanged, 0 to prune` */
export function planSummary(changes: readonly PlannedChange[]): string {
  const s = summarizePlan(changes);
  return `${s.create} to create, ${s.change} to change, ${s.unchanged} unchanged, ${s.prune} to prune`;
}
