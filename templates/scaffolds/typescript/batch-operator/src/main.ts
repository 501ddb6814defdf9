/** {{componentId}}: a batch stage. It reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS. */
import { FileQueue } from './queue';
import { names, newOperator, runOnce } from './stage';

const env = process.env;
const inputs = names(env.INPUT_TOPICS);
if (!inputs.length) throw new Error('INPUT_TOPICS is empty: name the topics this stage reads');
if ((env.QUEUE_KIND || 'file') !== 'file') {
  throw new Error(`QUEUE_KIND=${env.QUEUE_KIND}: this starter has the file queue only; implement Queue (queue.ts) with your broker's client`);
}
const op = newOperator(env);
const queue = new FileQueue(env.QUEUE_ADDR || 'queue');
const pollMs = Number(env.POLL_INTERVAL_MS || 1000);
console.log(`${env.OPERATOR || '{{operator}}'}: ${inputs.join(',')} -> ${env.OUTPUT_TOPICS}`);

const loop = (): void => {
  const read = runOnce(queue, op, inputs, env.DEAD_LETTER_TOPIC ?? '');
  setTimeout(loop, read ? 0 : pollMs);
};
loop();
