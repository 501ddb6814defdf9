/**
 * plan / apply / delete from the command line against kubeconfigs that cannot work: a clear message, exit 2, and
 * nothing half done. No cluster is needed: these fail before or at the first request.
 */
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'pc-cli-errors-'));
const design = join(__dirname, '../../templates/dictionary-server.patterns.yaml');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters:
  - name: gone
    cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
  - name: someone
    user: { token: not-a-secret }
contexts:
  - name: gone
    context: { cluster: gone, user: someone }
current-context: gone
`;

describe('cluster commands with a kubeconfig that cannot work', () => {
  it('names a kubeconfig that does not parse', async () => {
    const file = join(dir, 'broken');
    writeFileSync(file, 'clusters: [ {{{ not yaml');
    const r = await cli('plan', design, '--kubeconfig', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot read the kubeconfig ${file}`);
    expect(r.out).toBe('');
  });

  it('names a context that is not in the kubeconfig, and lists the ones that are', async () => {
    const file = join(dir, 'one-context');
    writeFileSync(file, kubeconfig('https://127.0.0.1:1'));
    const r = await cli('apply', design, '--kubeconfig', file, '--context', 'prod');
    expect(r.code).toBe(2);
    expect(r.err).toContain("no context 'prod' in the kubeconfig (contexts: gone)");
  });

  it.each(['plan', 'apply', 'delete'])('%s: a cluster that refuses connections is named, and nothing is reported as done', async (command) => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const file = join(dir, `refusing-${command}`);
    writeFileSync(file, kubeconfig(server));
    const r = await cli(command, design, '--kubeconfig', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`pattern-canvas: cannot reach the API server ${server}: connect ECONNREFUSED`);
    // The header line only: no object is said to be created, changed or deleted.
    expect(r.out.trim().split('\n')).toEqual([`${command} dictionary-server → context gone, namespace default`]);
  });
});
