// kube-score (built from its Go module github.com/zegl/kube-score by scripts/anchors/build.mjs into the cache) on
// every template's output: no critical finding. The checks turned off are named and justified in the README
// ("Secure by default"); a deliberately careless manifest proves the run really scores.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesign } from '../../../src/core/design/parse';
import { generateFiles } from '../../../src/core/generate/generate';

const ROOT = join(__dirname, '../../..');
const TEMPLATES = join(ROOT, 'templates');

/** Turned off, each for a reason given in the README. */
const KUBE_SCORE_FLAGS = [
  '--ignore-container-cpu-limit', // a CPU limit throttles without protecting anything (our PC111 asks for memory only)
  '--ignore-test', 'container-image-pull-policy', // Always needs a registry; the real node has none (IfNotPresent)
  '--ignore-test', 'container-ephemeral-storage-request-and-limit', // the only writes go to size-limited emptyDirs
];

let bin = '';
let dir = '';

function score(files: string[]): { critical: string[]; ok: number } {
  const r = spawnSync(bin, ['score', '--output-format', 'ci', ...KUBE_SCORE_FLAGS, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // Exit code 1 means "critical findings"; anything else but 0 is a failure to run.
  if (r.status !== 0 && r.status !== 1) throw new Error(`kube-score failed (${r.status}): ${r.stderr || r.error?.message}`);
  const lines = r.stdout.split('\n');
  return { critical: lines.filter((l) => l.startsWith('[CRITICAL]')), ok: lines.filter((l) => l.startsWith('[OK]')).length };
}

describe('kube-score on every template\'s output', { timeout: 120_000 }, () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/anchors/build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const m = /^kube-score (v\S+): (.+)$/m.exec(r.stdout ?? '');
    if (!m) throw new Error(`building kube-score failed (exit ${r.status}): ${r.stdout}`);
    bin = m[2]!;
    dir = mkdtempSync(join(tmpdir(), 'pc-kube-score-'));
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.patterns.yaml')).sort();

  it.each(templates)('%s: 0 critical', (file) => {
    const design = parseDesign(readFileSync(join(TEMPLATES, file), 'utf8')).design!;
    const files = generateFiles(design)
      .filter((f) => f.path !== 'kustomization.yaml')
      .map((f) => {
        const path = join(dir, `${file}-${f.path}`);
        writeFileSync(path, f.content);
        return path;
      });
    const { critical, ok } = score(files);
    expect(critical).toEqual([]);
    expect(ok).toBeGreaterThan(10);
  });

  it('still finds what a careless manifest lacks (the run is real)', () => {
    const path = join(dir, 'careless.yaml');
    writeFileSync(path, `apiVersion: apps/v1
kind: Deployment
metadata: {name: careless}
spec:
  replicas: 2
  selector: {matchLabels: {app: careless}}
  template:
    metadata: {labels: {app: careless}}
    spec:
      containers: [{name: c, image: "busybox:1.36"}]
`);
    const { critical } = score([path]);
    expect(critical.join('\n')).toMatch(/security context/);
    expect(critical.join('\n')).toMatch(/PodDisruptionBudget/);
    expect(critical.join('\n')).toMatch(/NetworkPolicy/);
  });
});
