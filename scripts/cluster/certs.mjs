// Test-cluster PKI via the openssl CLI: a CA, the apiserver serving cert, a service-account key pair,
// an admin client cert (group system:masters) and a client cert for the read-only user "limited".
// EC P-256 keys: generated in milliseconds, and ES256 service-account tokens are supported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_NODE_NAME as nodeName } from './node.mjs';

const openssl = (args, cwd) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

function key(cwd, name) {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key.ec`], cwd);
  // PKCS#8: accepted by every component and by Node.
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key.ec`, '-out', `${name}.key`], cwd);
}

function signed(cwd, name, subject, ext) {
  key(cwd, name);
  writeFileSync(join(cwd, `${name}.ext`), ext);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], cwd);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`], cwd);
}

const client = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';

/**
 * Writes the PKI into `dir` and returns the file paths. `net` (netns.mjs) adds the cluster's address to the API
 * server's names and issues the kubelet's serving certificate from the same CA, so `kubectl logs`/`exec` verify it.
 */
export function generatePki(dir, net) {
  mkdirSync(dir, { recursive: true });
  key(dir, 'ca');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=pattern-canvas-test-ca', '-days', '30', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt'], dir);
  signed(dir, 'apiserver', '/CN=kube-apiserver', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n'
    + `extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:${net.nodeIp},IP:${net.apiServiceIp},DNS:localhost,`
    + 'DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n');
  signed(dir, 'kubelet', `/O=system:nodes/CN=system:node:${nodeName}`, 'basicConstraints=CA:FALSE\n'
    + `keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:${net.nodeIp},DNS:${nodeName}\n`);
  signed(dir, 'admin', '/O=system:masters/CN=pattern-canvas-admin', client);
  signed(dir, 'limited', '/CN=limited', client);
  key(dir, 'sa');
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const p = (f) => join(dir, f);
  return {
    ca: p('ca.crt'), apiserverCert: p('apiserver.crt'), apiserverKey: p('apiserver.key'),
    adminCert: p('admin.crt'), adminKey: p('admin.key'), limitedCert: p('limited.crt'), limitedKey: p('limited.key'),
    saKey: p('sa.key'), saPub: p('sa.pub'), kubeletCert: p('kubelet.crt'), kubeletKey: p('kubelet.key'),
  };
}
