// The batch templates' application programs (runtime/front, runtime/pool and the programs on them: signup-api,
// verify-user, welcome-mailer, notifier, shop, fulfilment, invoicing, photo-uploader, photo-worker, upload-api, face-blur) pass go vet and their Go tests: addresses
// checked, orders totalled and invoiced in cents, results to every output or to the log, the front's queue found in
// the environment. Their traffic through a real broker is test/real-node/traffic/{signup-flow,order-routing}.test.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const runtime = join(__dirname, '..', '..', 'runtime');
const PACKAGES = ['./front/', './pool/', './orders/', ...['signup-api', 'verify-user', 'welcome-mailer', 'notifier', 'shop', 'fulfilment', 'invoicing', 'photo-uploader', 'photo-worker', 'upload-api', 'face-blur'].map((p) => `./cmd/${p}/`)];

describe('application programs of the batch templates', () => {
  it('pass go vet and go test', { timeout: 180_000 }, () => {
    const env = { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' };
    for (const args of [['vet', ...PACKAGES], ['test', '-count=1', ...PACKAGES]]) {
      const r = spawnSync('go', args, { cwd: runtime, env, encoding: 'utf8' });
      expect(r.error, `go ${args.join(' ')}`).toBeUndefined();
      expect(r.status, `go ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
      if (args[0] === 'test') expect(r.stdout.match(/^ok /gm)?.length, r.stdout).toBe(PACKAGES.length - 1); // orders is tested through its users
    }
  });
});
