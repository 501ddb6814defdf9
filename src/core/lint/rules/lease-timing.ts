import type { Node } from 'yaml';
import type { DocPath, Range } from '../../diagnostics';
import { flagValues, locateInScalar } from '../config-text';
import type { ContainerView, ManifestObject } from '../model';
import { get, items, str } from '../nodes';
import type { LintRule, Report } from '../rule';

type Timing = 'leaseDuration' | 'renewDeadline' | 'retryPeriod';

interface TimingValue {
  ms: number;
  text: string;
  node: Node;
  range: Range | undefined;
  path: DocPath;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`15s`, `1m30s`, `500ms`) or a bare number in `bareUnitMs` units. */
export function parseDuration(text: string, bareUnitMs = 1000): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * bareUnitMs;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0);
  return ms;
}

function timingOfEnv(name: string): Timing | undefined {
  const n = name.toUpperCase().replace(/-/g, '_');
  if (/LEASE_?DURATION/.test(n)) return 'leaseDuration';
  if (/RENEW_?DEADLINE/.test(n)) return 'renewDeadline';
  if (/RETRY_?PERIOD/.test(n)) return 'retryPeriod';
  return undefined;
}

const FLAG = /^(--?(?:leader-elect(?:ion)?-)?(lease-duration|renew-deadline|retry-period))(?:=(.*))?$/;
const FLAG_TIMING: Record<string, Timing> = { 'lease-duration': 'leaseDuration', 'renew-deadline': 'renewDeadline', 'retry-period': 'retryPeriod' };

/** Timings from env vars and from flags, kept apart: a program reads one or the other. */
function timingsOf(obj: ManifestObject, c: ContainerView): Map<Timing, TimingValue>[] {
  const fromEnv = new Map<Timing, TimingValue>();
  const fromFlags = new Map<Timing, TimingValue>();
  items(get(c.node, 'env')).forEach((env, i) => {
    const name = str(get(env, 'name')) ?? '';
    const timing = timingOfEnv(name);
    const node = get(env, 'value');
    const text = str(node);
    if (!timing || !node || text === undefined) return;
    const ms = parseDuration(text, /_(MS|MILLIS|MILLISECONDS)$/i.test(name) ? 1 : 1000);
    if (ms !== undefined) fromEnv.set(timing, { ms, text, node, range: undefined, path: [...c.path, 'env', i, 'value'] });
  });
  for (const { match: m, inline, node, token, path } of flagValues(c, FLAG, 3)) {
    const timing = FLAG_TIMING[m[2] ?? ''];
    const ms = parseDuration(token.text);
    if (!timing || !node || ms === undefined) continue;
    fromFlags.set(timing, { ms, text: token.text, node, range: inline ? locateInScalar(obj, node, token) : undefined, path });
  }
  return [fromEnv, fromFlags];
}

function check(obj: ManifestObject, c: ContainerView, t: Map<Timing, TimingValue>, report: Report): void {
  const lease = t.get('leaseDuration');
  const renew = t.get('renewDeadline');
  const retry = t.get('retryPeriod');
  const at = (v: TimingValue) => ({ object: obj, node: v.node, range: v.range, path: v.path });
  if (lease && renew && !(lease.ms > renew.ms)) {
    report('PC137', { ...at(renew), message: `Container "${c.name}": renewDeadline (${renew.text}) must be shorter than leaseDuration (${lease.text}).` });
  }
  // client-go: renewDeadline > JitterFactor (1.2) x retryPeriod; without a renewDeadline, the lease must still outlast it.
  const upper = renew ?? lease;
  if (upper && retry && !(upper.ms > 1.2 * retry.ms)) {
    const what = upper === renew ? 'renewDeadline' : 'leaseDuration';
    report('PC137', { ...at(retry), message: `Container "${c.name}": ${what} (${upper.text}) must be longer than 1.2 x retryPeriod (${retry.text}).` });
  }
}

export const leaseTimingRule: LintRule = {
  docs: [
    {
      code: 'PC137',
      severity: 'error',
      title: 'Leader-election lease timings out of order',
      doc: 'Leader election needs leaseDuration > renewDeadline > 1.2 x retryPeriod (client-go refuses to start otherwise; defaults 15s, 10s, 2s). Read from a container\'s env (names containing LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD; bare numbers are seconds, or milliseconds for names ending in _MS) and flags (--leader-elect-lease-duration, --lease-duration, ... as `--flag=value` or `--flag value`). Only values that are set, and from the same source (env or flags), are compared.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) for (const c of obj.pod?.containers ?? []) for (const source of timingsOf(obj, c)) check(obj, c, source, report);
  },
};
