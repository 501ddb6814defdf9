// https-sidecar on the real node: the legacy app speaks plain HTTP on 127.0.0.1:8080 only; the nginx sidecar in its
// pod terminates TLS on 8443 with the certificate of the Secret, and the Service exposes only that port.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaries } from '../../../scripts/cluster/lib.mjs';
import { kubeconfigPath } from '../../harness/cluster/helpers';
import { type Deployed, deployTemplate, podsOf } from './support';

/** A self-signed certificate for the Service's names, made with openssl. */
function selfSigned(ns: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-https-sidecar-'));
  try {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=legacy',
      '-addext', `subjectAltName=DNS:legacy,DNS:legacy.${ns}.svc,DNS:localhost`,
      '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
    return { cert: readFileSync(join(dir, 'tls.crt'), 'utf8'), key: readFileSync(join(dir, 'tls.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function portForward(ns: string, target: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, '-n', ns, 'port-forward', target, `:${port}`, '--address=127.0.0.1']);
  return new Promise((res, rej) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) res({ child, port: Number(m[1]) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.on('exit', (code) => rej(new Error(`port-forward exited ${code}: ${out}`)));
    setTimeout(() => rej(new Error(`no port-forward after 20 s: ${out}`)), 20_000);
  });
}

function httpsGet(port: number, ca: string, path: string): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, ca, servername: 'legacy', timeout: 10_000 }, (r) => {
      let body = '';
      const fingerprint = (r.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      r.on('data', (c: Buffer) => { body += c.toString(); });
      r.on('end', () => res({ status: r.statusCode!, body, fingerprint }));
    });
    req.on('error', rej);
    req.end();
  });
}

describe('template https-sidecar carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  let tls: { cert: string; key: string };
  let forward: ChildProcess | undefined;
  beforeAll(async () => {
    d = await deployTemplate('https-sidecar', {
      before: async (kc, ns) => {
        tls = selfSigned(ns);
        await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
          namespace: ns,
          body: { metadata: { name: 'legacy-tls' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': tls.cert, 'tls.key': tls.key } },
        });
      },
    });
  }, 300_000);
  afterAll(async () => {
    forward?.kill();
    await d?.remove();
  });

  it('answers HTTPS through the Service with the Secret\'s certificate, the app behind it seeing plain HTTP', async () => {
    const fwd = await portForward(d.ns, 'svc/legacy', 8443);
    forward = fwd.child;
    const res = await httpsGet(fwd.port, tls.cert, '/hello');
    expect(res.fingerprint).toBe(new X509Certificate(tls.cert).fingerprint256);
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { pod: string; role: string; request: { path: string; header: Record<string, string> } };
    expect(answer.request).toMatchObject({ path: '/hello', header: { 'X-Forwarded-Proto': 'https' } });
    expect((await podsOf(d, 'legacy', 'app')).map((p) => p.name)).toContain(answer.pod);
  });

  it('keeps the app itself off the network: only the sidecar\'s TLS port answers from outside the pod', async () => {
    const [pod] = await podsOf(d, 'legacy', 'app');
    const plain = await d.sh(`timeout 5 wget -qO- http://${pod!.ip}:8080/ 2>&1; echo "exit $?"`);
    expect(plain).toMatch(/refused/i);
    expect(plain).not.toContain('"role"');
    const tlsPort = await d.sh(`timeout 5 wget -qO- http://${pod!.ip}:8443/ 2>&1; echo "exit $?"`);
    expect(tlsPort).toMatch(/400 Bad Request/); // nginx: a plain HTTP request sent to the HTTPS port
    const svc = await d.kc.makeApiClient(CoreV1Api).readNamespacedService({ name: 'legacy', namespace: d.ns });
    expect(svc.spec?.ports?.map((p) => p.port)).toEqual([8443]);
  });
});
