/** The README's cluster commands, run as written against the test cluster (and cluster:up/down in a folder of their own). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, readmeCommands, ROOT } from '../support/readme';
import { kubeconfigPath } from '../harness/cluster/helpers';

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });

describe('README cluster commands', () => {
  it('plan, apply and delete as shown', () => {
    const lines = readmeCommands().filter((c) => /^npx pattern-canvas (plan|apply|delete) /.test(c));
    expect(lines.map((l) => cliArgs(l)[0])).toEqual(['plan', 'apply', 'delete']);
    for (const line of lines) {
      const args = cliArgs(line).filter((a, i, all) => a !== '--kubeconfig' && all[i - 1] !== '--kubeconfig');
      const r = run([join(ROOT, 'bin/pattern-canvas.js'), ...args, '--kubeconfig', kubeconfigPath()]);
      expect({ line, status: r.status, stderr: r.stderr }).toMatchObject({ line, status: 0, stderr: '' });
      if (args[0] === 'plan') expect(r.stdout).toMatch(/plan: \d+ to create, 0 to change, 0 unchanged, 0 to prune/);
      if (args[0] === 'apply') expect(r.stdout).toMatch(/apply: \d+ created/);
      if (args[0] === 'delete') expect(r.stdout).toMatch(/delete: \d+ pruned/);
    }
  });

  it('npm run cluster:up and cluster:down start and stop a control plane', () => {
    const env = { ...process.env, PATTERN_CANVAS_CLUSTER_DIR: join(mkdtempSync(join(tmpdir(), 'pc-up-')), 'run') };
    const up = spawnSync('npm', ['run', 'cluster:up'], { cwd: ROOT, encoding: 'utf8', env });
    try {
      expect(up.status, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/kubeconfig/i);
    } finally {
      const down = spawnSync('npm', ['run', 'cluster:down'], { cwd: ROOT, encoding: 'utf8', env });
      expect(down.status, down.stderr).toBe(0);
    }
  });
});
