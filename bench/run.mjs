// Benchmark runner: bundles each bench/*.bench.ts with esbuild, runs it, prints figures against their budgets.
// Usage: npm run bench [-- name-filter] [--save]   (--save writes bench/RESULTS.md)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { yamlBrowserBuild } from '../scripts/yaml-browser-plugin.mjs';

const args = process.argv.slice(2);
const save = args.includes('--save');
const filter = args.find((a) => !a.startsWith('--'));
const dir = resolve('bench');
const out = resolve('.bench');
mkdirSync(out, { recursive: true });

const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const rows = [];
let failed = false;
for (const f of files) {
  const outfile = join(out, f.replace(/\.ts$/, '.cjs'));
  await esbuild.build({
    entryPoints: [join(dir, f)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['playwright-core', 'esbuild', 'vscode'],
    // The same yaml build the shipped bundles use (build.mjs).
    plugins: [yamlBrowserBuild],
    logLevel: 'warning',
  });
  process.stdout.write(`running ${f} ...\n`);
  try {
    for (const r of runIsolated(outfile)) rows.push({ bench: f.replace('.bench.ts', ''), ...r });
  } catch (e) {
    failed = true;
    rows.push({ bench: f.replace('.bench.ts', ''), name: `FAILED: ${e instanceof Error ? e.message : e}`, value: NaN, unit: '' });
  }
}

/**
 * Each bench in a Node process of its own: one bench's heap, JIT state and leftover work (a control plane
 * shutting down, a browser closing) must not show in the next one's figures.
 */
function runIsolated(bundle) {
  const resultFile = `${bundle}.results.json`;
  rmSync(resultFile, { force: true });
  const child = `require(${JSON.stringify(bundle)}).default().then((r) => require('node:fs').writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify(r)), (e) => { console.error(e); process.exit(1); })`;
  const r = spawnSync(process.execPath, ['-e', child], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the bench exited with ${r.status ?? r.signal}`);
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

const verdict = (r) => (r.budget === undefined ? '' : (r.higherIsBetter ? r.value >= r.budget : r.value <= r.budget) ? 'within budget' : 'OVER BUDGET');
const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : 'n/a');
const table = [
  '| bench | measure | value | budget | |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.bench} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.budget === undefined ? '' : `${r.higherIsBetter ? '>=' : '<='} ${r.budget} ${r.unit}`} | ${verdict(r)} |`),
].join('\n');
console.log(`\n${table}\n`);
if (save) writeFileSync(join(dir, 'RESULTS.md'), `# Benchmark results\n\nMachine: ${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\n\n${table}\n`);
process.exit(failed ? 1 : 0);
