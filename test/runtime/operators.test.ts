// The batch operators (runtime/, Go) against real brokers: starts nats-server, redis-server and Kafka on loopback, then
// runs the Go tests of the runtime module with PC_TEST_BROKERS pointing at them. The scenario tests build the
// seven stage programs and drive them as processes: items through every operator, a crash between publish and
// ack, a join across a crash, dead letters after MAX_DELIVERIES, SIGTERM in the middle of the work.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, startKafka, startNats, startRedis } from './brokers';

const runtimeDir = join(__dirname, '..', '..', 'runtime');

interface GoEvent {
  Action: string;
  Test?: string;
  Package?: string;
  Output?: string;
}

/** `go test -json` in runtime/, resolved with its events and the exit code. */
function goTest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; events: GoEvent[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const go = spawn('nice', ['go', 'test', '-count=1', '-json', './...'], {
      cwd: runtimeDir,
      env: { ...process.env, ...env, GOWORK: 'off', GOFLAGS: '-mod=readonly' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    go.stdout.on('data', (d: Buffer) => (out += d.toString()));
    go.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    go.once('error', reject);
    go.once('close', (code) => {
      const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as GoEvent);
      resolve({ code, events, stderr });
    });
  });
}

/** The output of the tests that did not pass, for the failure message. */
const failures = (events: GoEvent[]): string => {
  const failed = new Set(events.filter((e) => e.Action === 'fail' && e.Test).map((e) => e.Test));
  return events.filter((e) => e.Action === 'output' && (!e.Test || failed.has(e.Test))).map((e) => e.Output).join('');
};

describe('batch operators against real NATS JetStream, Redis Streams and Kafka', () => {
  const brokers: Broker[] = [];
  beforeAll(async () => {
    brokers.push(await startNats(), await startRedis(), await startKafka());
  }, 180_000);
  afterAll(async () => Promise.all(brokers.map((b) => b.stop())));

  it('pass the Go tests of runtime/, every scenario on each broker', async () => {
    const spec = brokers.map((b) => `${b.kind}=${b.addr}`).join(',');
    const { code, events, stderr } = await goTest({ PC_TEST_BROKERS: spec });
    expect(code, `${stderr}\n${failures(events)}`).toBe(0);
    const passed = new Set(events.filter((e) => e.Action === 'pass' && e.Test).map((e) => e.Test!));
    const skipped = events.filter((e) => e.Action === 'skip' && e.Test).map((e) => e.Test);
    expect(skipped).toEqual([]);
    for (const scenario of [
      'TestItemsFlowThroughEveryEventDrivenOperator',
      'TestRedeliveryAfterACrashKeepsResultsExact',
      'TestJoinEmitsEachKeyOnceAcrossACrash',
      'TestBatchJoinGivesEachBatchOnceWithAllItsImagesAcrossACrash',
      'TestDeadLetterAfterMaxDeliveries',
      'TestSIGTERMStopsCleanly',
    ]) {
      for (const kind of ['nats', 'redis', 'kafka']) expect(passed, `${scenario}/${kind}`).toContain(`${scenario}/${kind}`);
    }
    // Kafka keeps join/reduce state as a changelog in memory: a second replica fences the first, totals stay exact.
    expect(passed).toContain('TestKafkaStateHasOneWriter');
  }, 600_000);
});
