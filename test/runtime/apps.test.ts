// The templates' application programs (runtime/cmd/demo-http, runtime/cmd/elected-worker) pass their Go tests:
// the scatter/gather root routes each term to its leaf and merges, the decorator fills defaults, the elector keeps
// one owner and hands over on release or expiry.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const runtime = join(__dirname, '..', '..', 'runtime');

describe('application programs of the templates', () => {
  it('pass go vet and go test', { timeout: 180_000 }, () => {
    const env = { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=readonly' };
    for (const args of [['vet', './cmd/demo-http/', './cmd/elected-worker/'], ['test', '-count=1', './cmd/demo-http/', './cmd/elected-worker/']]) {
      const r = spawnSync('go', args, { cwd: runtime, env, encoding: 'utf8' });
      expect(r.error, `go ${args.join(' ')}`).toBeUndefined();
      expect(r.status, `go ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});
