/**
 * Reaching a Kafka deployed on the real node from the host: a kubectl port-forward per broker pod, and the Go test
 * (runtime/queue/kafka_forward_test.go, `-tags clustertest`) that writes items and reads them back through them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { binaries } from '../../scripts/cluster/lib.mjs';
import { kubeconfigPath } from '../harness/cluster/helpers';

export function portForward(ns: string, target: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, '-n', ns, 'port-forward', target, `:${port}`, '--address=127.0.0.1']);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`port-forward exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no port-forward after 20 s: ${out}`)), 20_000);
  });
}

/** `go test -tags clustertest` of the forwarded-broker test in runtime/queue, resolved with its output. */
export function goTest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const go = spawn('nice', ['go', 'test', '-count=1', '-v', '-tags', 'clustertest', '-run', '^TestItemsThroughTheDeployedKafka$', './queue'], {
      cwd: join(__dirname, '..', '..', 'runtime'),
      env: { ...process.env, ...env, GOWORK: 'off', GOFLAGS: '-mod=readonly' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    go.stdout.on('data', (d: Buffer) => (out += d.toString()));
    go.stderr.on('data', (d: Buffer) => (out += d.toString()));
    go.once('error', reject);
    go.once('close', (code) => resolve({ code, out }));
  });
}
