/**
 * Reaching a Kafka deployed on the real node from the host: a kubectl port-forward per broker pod, and the Go test
 * (runtime/queue/kafka_forward_test.go, `-tags clustertest`) that writes items and reads them back through them.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
export { portForward } from '../harness/cluster/helpers';

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
