/**
 * Agreement with kube-score (built from its Go module by scripts/anchors/build.mjs) on the checks both tools have,
 * over the corpus in bench/corpus (public examples) and our book-style and clean fixtures. Per object and check:
 * does each tool fire? The full table and every disagreement go to .bench/lint-agreement.md; the explanations
 * are in docs/lint-agreement.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatMinor, lintManifests, OLDEST_SUPPORTED_MINOR } from '../src/core/lint';
import type { BenchResult } from './stats';

/** A check both tools have: our codes and kube-score's check ids. */
export const SHARED: { check: string; ours: string[]; theirs: string[] }[] = [
  { check: 'API version removed or deprecated', ours: ['PC102', 'PC103'], theirs: ['stable-version'] },
  { check: 'CPU/memory requests and limits', ours: ['PC110', 'PC111'], theirs: ['container-resources'] },
  { check: 'readiness and liveness probes', ours: ['PC112', 'PC113'], theirs: ['pod-probes'] },
  { check: 'readiness probe identical to liveness', ours: ['PC114'], theirs: ['pod-probes-identical'] },
  { check: 'image tag pinned', ours: ['PC115'], theirs: ['container-image-tag'] },
  { check: 'runs as non-root', ours: ['PC116'], theirs: ['container-security-context-user-group-id'] },
  { check: 'privileged container', ours: ['PC117'], theirs: ['container-security-context-privileged'] },
  { check: 'read-only root filesystem', ours: ['PC120'], theirs: ['container-security-context-readonlyrootfilesystem'] },
  { check: 'selector matches the pod template', ours: ['PC121'], theirs: ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'] },
  { check: 'replicas spread over nodes', ours: ['PC122'], theirs: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'] },
  { check: 'PodDisruptionBudget for replicas', ours: ['PC123'], theirs: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'] },
  { check: 'StatefulSet has its headless Service', ours: ['PC132'], theirs: ['statefulset-has-servicename'] },
  { check: 'Service selects pods', ours: ['PC133'], theirs: ['service-targets-pod'] },
];

const ROOT = resolve(__dirname, '..');

/** kube-score's binary, built (or found cached) by the anchors' build script. */
function kubeScoreBinary(): { bin: string; version: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/anchors/build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = /^kube-score (v\S+): (.+)$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) throw new Error(`cannot build kube-score (scripts/anchors/build.mjs exited ${r.status})`);
  return { version: m[1]!, bin: m[2]! };
}

/** The units linted together: an application's files (kube-score reads them as one set; we lint them as one text). */
function units(): { name: string; files: string[] }[] {
  const out: { name: string; files: string[] }[] = [];
  const examples = join(ROOT, 'bench/corpus/k8s-examples');
  const groups = new Map<string, string[]>();
  for (const f of readdirSync(examples).filter((x) => x.endsWith('.yaml')).sort()) {
    const app = f.replace(/-(deployment|service|statefulset)s?\.yaml$|\.yaml$/, '').replace(/-(frontend|redis-leader|redis-follower)$/, '');
    groups.set(`k8s-examples/${app}`, [...(groups.get(`k8s-examples/${app}`) ?? []), join(examples, f)]);
  }
  for (const [name, files] of groups) out.push({ name, files });
  for (const dir of ['book', 'clean']) {
    const full = join(ROOT, 'test/fixtures/manifests', dir);
    for (const f of readdirSync(full).filter((x) => x.endsWith('.yaml')).sort()) out.push({ name: `fixtures/${dir}/${f}`, files: [join(full, f)] });
  }
  return out;
}

interface KubeScoreObject {
  type_meta: { kind: string };
  object_meta: { name: string };
  checks: { check: { id: string }; grade: number; skipped: boolean; comments: { summary: string }[] | null }[];
}

/** kube-score's findings per object (`Kind/name` -> failing check ids); files it cannot read are left out and named. */
function kubeScore(bin: string, files: string[]): { fired: Map<string, Map<string, string>>; unreadable: string[]; objects: Set<string> } {
  const unreadable: string[] = [];
  const readable = files.filter((f) => {
    const r = spawnSync(bin, ['score', '-o', 'json', f], { encoding: 'utf8' });
    if (r.status === 0 || r.stdout.trim().startsWith('[')) return true;
    unreadable.push(basename(f));
    return false;
  });
  const fired = new Map<string, Map<string, string>>();
  const objects = new Set<string>();
  if (readable.length === 0) return { fired, unreadable, objects };
  // CPU limits: we follow the advice not to set them (throttling); kube-score has a flag for that stance.
  const opts = ['--kubernetes-version', `v${formatMinor(OLDEST_SUPPORTED_MINOR)}`, '--ignore-container-cpu-limit'];
  const r = spawnSync(bin, ['score', '-o', 'json', ...opts, ...readable], { encoding: 'utf8' });
  for (const o of JSON.parse(r.stdout) as KubeScoreObject[]) {
    const key = `${o.type_meta.kind}/${o.object_meta.name}`;
    objects.add(key);
    const failing = new Map<string, string>();
    // Grades: 10 all OK, 7 almost OK, 5 warning, 1 critical.
    for (const c of o.checks) if (!c.skipped && c.grade < 10) failing.set(c.check.id, c.comments?.[0]?.summary ?? '');
    fired.set(key, failing);
  }
  return { fired, unreadable, objects };
}

/** Our findings per object (`Kind/name` -> codes with their message), on the unit's files as one text. */
function ours(files: string[]): { fired: Map<string, Map<string, string>>; objects: Set<string> } {
  const text = files.map((f) => readFileSync(f, 'utf8')).map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n');
  const docs = parseAllDocuments(text).map((d) => {
    const o = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return { start: d.range[0], end: d.range[2], key: `${o?.kind}/${o?.metadata?.name}` };
  });
  const fired = new Map<string, Map<string, string>>();
  for (const d of lintManifests(text)) {
    const at = d.range?.start ?? 0;
    const doc = docs.find((x) => x.start <= at && at < x.end);
    if (!doc) continue;
    const m = fired.get(doc.key) ?? new Map<string, string>();
    if (!m.has(d.code)) m.set(d.code, d.message);
    fired.set(doc.key, m);
  }
  return { fired, objects: new Set(docs.map((d) => d.key)) };
}

interface Tally {
  ours: number;
  theirs: number;
  both: number;
}

export default async function run(): Promise<BenchResult[]> {
  const ks = kubeScoreBinary();
  const tally = new Map<string, Tally>(SHARED.map((s) => [s.check, { ours: 0, theirs: 0, both: 0 }]));
  const disagreements: string[] = [];
  const unreadable: string[] = [];
  let objects = 0;
  const list = units();
  for (const unit of list) {
    const a = ours(unit.files);
    const b = kubeScore(ks.bin, unit.files);
    unreadable.push(...b.unreadable.map((f) => `${unit.name}: ${f}`));
    for (const key of [...b.objects].filter((k) => a.objects.has(k)).sort()) {
      objects++;
      for (const s of SHARED) {
        const mine = s.ours.map((c) => [c, a.fired.get(key)?.get(c)] as const).find(([, m]) => m !== undefined);
        const theirs = s.theirs.map((c) => [c, b.fired.get(key)?.get(c)] as const).find(([, m]) => m !== undefined);
        const t = tally.get(s.check)!;
        if (mine) t.ours++;
        if (theirs) t.theirs++;
        if (mine && theirs) t.both++;
        if (!mine !== !theirs) {
          const side = mine ? `only Pattern Canvas ${mine[0]}: ${mine[1]}` : `only kube-score ${theirs![0]}: ${theirs![1]}`;
          disagreements.push(`| ${unit.name} | ${key} | ${s.check} | ${side.replace(/\|/g, '\\|')} |`);
        }
      }
    }
  }
  const rows = SHARED.map((s) => {
    const t = tally.get(s.check)!;
    return `| ${s.check} | ${s.ours.join(', ')} | ${s.theirs.join(', ')} | ${t.ours} | ${t.theirs} | ${t.both} | ${t.ours - t.both} | ${t.theirs - t.both} |`;
  });
  const total = [...tally.values()].reduce((x, t) => ({ ours: x.ours + t.ours, theirs: x.theirs + t.theirs, both: x.both + t.both }), { ours: 0, theirs: 0, both: 0 });
  const decided = objects * SHARED.length;
  const agreed = decided - (total.ours - total.both) - (total.theirs - total.both);
  const report = [
    `# Lint agreement with kube-score ${ks.version} (measured ${new Date().toISOString().slice(0, 10)})`,
    '',
    `${list.length} units, ${objects} objects both tools read, ${SHARED.length} shared checks; target Kubernetes ${formatMinor(OLDEST_SUPPORTED_MINOR)} for both; kube-score with --ignore-container-cpu-limit.`,
    '',
    '| check | Pattern Canvas | kube-score | fires: ours | fires: kube-score | both | only ours | only kube-score |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Files kube-score could not read: ${unreadable.length ? unreadable.join('; ') : 'none'}.`,
    '',
    '| unit | object | check | who fired |',
    '|---|---|---|---|',
    ...disagreements,
    '',
  ].join('\n');
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/lint-agreement.md'), report);
  process.stdout.write(`${report}\n`);
  return [
    { name: `objects compared (${list.length} units; kube-score could not read ${unreadable.length} files)`, value: objects, unit: '' },
    { name: 'object x shared-check decisions', value: decided, unit: '' },
    { name: 'agreement on shared checks', value: (100 * agreed) / decided, unit: '%' },
    { name: 'fired only by Pattern Canvas', value: total.ours - total.both, unit: '' },
    { name: 'fired only by kube-score', value: total.theirs - total.both, unit: '' },
  ];
}
