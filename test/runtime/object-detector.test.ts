/**
 * The image-tagging template's worker pool (runtime/cmd/object-detector) against real brokers: nats-server with
 * JetStream and redis-server on loopback (./brokers.ts). Its Go tests run with PC_TEST_BROKERS naming them; each is
 * reported by name, so one that skips or stops running fails here.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, startNats, startRedis } from './brokers';

const exec = promisify(execFile);
const runtime = fileURLToPath(new URL('../../runtime', import.meta.url));
const started: Broker[] = [];

beforeAll(async () => {
  started.push(await startNats(), await startRedis());
}, 300_000);
afterAll(async () => {
  await Promise.all(started.map((b) => b.stop()));
});

describe('object-detector, a worker pool on runtime/queue', { timeout: 300_000 }, () => {
  it('passes its Go tests, the pool of two on NATS JetStream and on Redis Streams among them', async () => {
    const env = {
      ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GOWORK: 'off',
      PC_TEST_BROKERS: `nats=${started[0]!.addr},redis=${started[1]!.addr}`,
    };
    const { stdout } = await exec('go', ['test', '-count=1', '-json', './cmd/object-detector/'], { cwd: runtime, env, maxBuffer: 64 << 20 })
      .catch((e: { stdout?: string; stderr?: string; message: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? e.message }));
    const results = new Map<string, string>();
    let output = '';
    for (const line of stdout.split('\n').filter(Boolean)) {
      const ev = JSON.parse(line) as { Action: string; Test?: string; Output?: string };
      if (ev.Test && ['pass', 'fail', 'skip'].includes(ev.Action)) results.set(ev.Test, ev.Action);
      if (ev.Action === 'output' && ev.Output) output += ev.Output;
    }
    expect(Object.fromEntries(results), output).toEqual({
      TestFindsEachObjectWithItsBoxAndColour: 'pass',
      TestTheBackgroundIsTheMostCommonColourWhateverItIs: 'pass',
      TestTagKeepsTheItemAndAddsItsTags: 'pass',
      TestItemsWithoutAUsableImageAreRefusedWithTheReason: 'pass',
      TestConfigFromTheWorkerPoolEnvironment: 'pass',
      TestAPoolOfTwoTagsEveryImageOnceAndDeadLettersWhatIsNoImage: 'pass',
      'TestAPoolOfTwoTagsEveryImageOnceAndDeadLettersWhatIsNoImage/nats': 'pass',
      'TestAPoolOfTwoTagsEveryImageOnceAndDeadLettersWhatIsNoImage/redis': 'pass',
    });
  });
});
