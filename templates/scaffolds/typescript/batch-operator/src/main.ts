/** {{componentId}}: a batch stage. It reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS. */
import { hostname } from 'node:os';
import { openQueue } from './queue';
import { names, newOperator, runOnce, type StageConfig, STATEFUL } from './stage';

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const inputs = names(env.INPUT_TOPICS);
  if (!inputs.length) throw new Error('INPUT_TOPICS is empty: name the topics this stage reads');
  let op = newOperator(env);
  const operator = env.OPERATOR || '{{operator}}';
  const group = env.CONSUMER_GROUP || operator;
  const c: StageConfig = {
    inputs,
    deadLetter: env.DEAD_LETTER_TOPIC || `${group}-dead-letter`,
    maxDeliveries: Number(env.MAX_DELIVERIES || 5),
    waitMs: Number(env.POLL_INTERVAL_MS || 1000),
  };
  const queue = await openQueue({
    kind: env.QUEUE_KIND ?? '',
    addr: env.QUEUE_ADDR ?? '',
    group,
    consumer: env.HOSTNAME || hostname(),
    ackWaitMs: Number(env.ACK_WAIT_MS || 30000),
    dedupWindowMs: Number(env.DEDUP_WINDOW_MS || 120000),
  });
  // Its state lives in the broker: a restart or another replica goes on from it.
  if (STATEFUL.includes(operator)) op = newOperator(env, await queue.state());
  // SIGTERM (a pod stopping) or SIGINT: stop fetching, finish the messages in hand, close, exit 0.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => (stopping = true));
  console.log(`${operator}: ${inputs.join(',')} -> ${env.OUTPUT_TOPICS} on ${env.QUEUE_KIND} ${env.QUEUE_ADDR}`);
  while (!stopping) {
    await runOnce(queue, op, c).catch(async (e: unknown) => {
      // The broker away for a moment: try again.
      console.error(`${e instanceof Error ? e.message : String(e)} (retrying in ${c.waitMs} ms)`);
      await new Promise((r) => setTimeout(r, c.waitMs));
    });
  }
  await queue.close();
}

main(process.env).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
