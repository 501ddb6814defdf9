/**
 * Every CLI output is whole when piped: a pipe takes 64 KiB at once, so the CLI must not exit before Node has handed
 * the rest to the OS. The reader here starts late, so the pipe is full when the CLI finishes writing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedScaffolds } from '../../scripts/embed-scaffolds.mjs';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pc-pipe-'));
const cli = join(dir, 'cli.js');

/** 3,000 components with an unknown field each: about 1 MB of JSON diagnostics. */
const bigDesign = ['apiVersion: patterncanvas.dev/v1alpha1', 'kind: Design', 'metadata: { name: big }', 'components:']
  .concat(Array.from({ length: 3000 }, (_, i) => `  c${i}: { pattern: replicated-service, image: "nginx:1.27", colour: red }`))
  .join('\n');
/** 2,000 Deployments without probes, resources or security context: many findings. */
const bigManifest = Array.from({ length: 2000 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d${i} }\nspec:\n  selector: { matchLabels: { app: d${i} } }\n  template:\n    metadata: { labels: { app: d${i} } }\n    spec: { containers: [{ name: c, image: nginx }] }\n`).join('---\n');

/** Runs the CLI with its stdout piped into a reader that starts only after the pipe is full. */
function pipeThroughSlowReader(args: string[]): { text: string; status: number } {
  // pipefail keeps the CLI's exit code.
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const script = `set -o pipefail; "${process.execPath}" -e 'require(process.argv[1]).run()' '${cli}' ${quoted} | (sleep 1; cat)`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { text: r.stdout, status: r.status ?? -1 };
}

beforeAll(async () => {
  // The CLI of this source tree, not whatever dist/ holds.
  await esbuild.build({ entryPoints: [join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'warning', plugins: [embedScaffolds] });
  writeFileSync(join(dir, 'big.patterns.yaml'), bigDesign);
  writeFileSync(join(dir, 'big.yaml'), bigManifest);
}, 60_000);

describe('CLI output through a pipe', () => {
  it('validate --format json is whole and parses, with exit code 1 for the errors', () => {
    const { text, status } = pipeThroughSlowReader(['validate', '--format', 'json', join(dir, 'big.patterns.yaml')]);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const report = JSON.parse(text) as { diagnostics: { code: string }[] };
    expect(report.diagnostics.filter((d) => d.code === 'PC004')).toHaveLength(3000);
    expect(status).toBe(1);
  });

  it('lint --format sarif is whole and parses', () => {
    const { text, status } = pipeThroughSlowReader(['lint', '--format', 'sarif', join(dir, 'big.yaml')]);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const sarif = JSON.parse(text) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const lines = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region.startLine);
    // Findings reach the last Deployment of the file, not only the first 64 KiB of the report.
    expect(Math.max(...lines)).toBeGreaterThan(bigManifest.split('\n').length - 12);
    expect([0, 1]).toContain(status);
  });

  it('human output is whole, ending with its summary line', () => {
    const { text } = pipeThroughSlowReader(['validate', join(dir, 'big.patterns.yaml')]);
    expect(text.split('\n').filter((l) => l.includes('PC004'))).toHaveLength(3000);
    expect(text).toMatch(/1 file\(s\): 3000 error\(s\)/);
  });
});
