/**
 * No credential reaches output: planted tokens, passwords and keys in kubeconfigs that fail in every way (does not
 * parse, exec plugin fails or prints junk, server URL with a password, unreachable server) never show on stdout or
 * stderr, and the context picker's list shows server URLs without userinfo. Servers are loopback ports only.
 */
import { createServer } from 'node:net';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contexts, loadKubeConfig } from '../../src/cluster/kubeconfig';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'pc-secrets-'));
const design = join(__dirname, '../../templates/dictionary-server.patterns.yaml');

const TOKEN = 'planted-token-5f0c2a9e';
const PASSWORD = 'planted-password-77d1';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA';
const KEY = 'planted-key-data-QUJDREVGRw';
const PLANTED = [TOKEN, PASSWORD, JWT, KEY, 'c2lnbmF0dXJlcGxhbnRlZA'];

async function cli(...argv: string[]): Promise<string> {
  let all = '';
  await main(argv, (s) => (all += s), (s) => (all += s));
  return all;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const kubeconfig = (server: string, user: string) => `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
  - name: u
    user:
${user}
contexts:
  - name: ctx
    context: { cluster: c, user: u }
current-context: ctx
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function plugin(name: string, script: string): string {
  const path = file(name, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

const expectClean = (output: string) => {
  for (const secret of PLANTED) expect(output).not.toContain(secret);
};

describe('credentials never reach output', () => {
  it('a kubeconfig that does not parse: the parser quotes lines, the message does not', async () => {
    const bad = file('unparsable', `apiVersion: v1\nusers:\n  - name: u\n    user:\n      token: ${TOKEN}\n      password: ${PASSWORD}\n     bad: [indent\n`);
    const out = await cli('plan', design, '--kubeconfig', bad);
    expect(out).toContain('cannot read the kubeconfig');
    expectClean(out);
  });

  it('an exec plugin that fails and prints the token on stderr', async () => {
    const exec = plugin('fails.sh', `echo "error: token ${TOKEN} expired, password ${PASSWORD}" >&2\nexit 1`);
    const cfg = file('exec-fails', kubeconfig(`https://127.0.0.1:${await closedPort()}`, `      exec: { apiVersion: client.authentication.k8s.io/v1, command: "${exec}", interactiveMode: Never }`));
    const out = await cli('plan', design, '--kubeconfig', cfg);
    expect(out).toContain("the credential plugin 'fails.sh' of user 'u' failed");
    expectClean(out);
  });

  it('an exec plugin that prints something that is not JSON, starting with the token', async () => {
    const exec = plugin('junk.sh', `echo "${TOKEN} ${JWT} {"`);
    const cfg = file('exec-junk', kubeconfig(`https://127.0.0.1:${await closedPort()}`, `      exec: { apiVersion: client.authentication.k8s.io/v1, command: "${exec}", interactiveMode: Never }`));
    const out = await cli('plan', design, '--kubeconfig', cfg);
    expect(out).toContain('is not an ExecCredential');
    expectClean(out);
  });

  it('an unreachable server whose URL carries a password, with a token and client key in the user', async () => {
    const port = await closedPort();
    const cfg = file('userinfo', kubeconfig(`https://admin:${PASSWORD}@127.0.0.1:${port}`, `      token: ${JWT}\n      client-key-data: ${KEY}`));
    const out = await cli('apply', design, '--kubeconfig', cfg);
    expect(out).toContain(`cannot reach the API server https://127.0.0.1:${port}`);
    expectClean(out);
  });

  it('the context picker lists servers without userinfo', () => {
    const cfg = file('picker', kubeconfig(`https://admin:${PASSWORD}@127.0.0.1:6443`, `      token: ${TOKEN}`));
    const list = contexts(loadKubeConfig({ kubeconfig: cfg }));
    expect(list.map((c) => c.server)).toEqual(['https://127.0.0.1:6443']);
    expectClean(JSON.stringify(list));
  });
});
