/** {{componentId}}: a work-queue worker. One run processes the one item its Job was created for. */
import { run } from './worker';

try {
  run(process.env, (line) => console.log(line));
} catch (e) {
  // Any failure fails the pod, and the Job retries the item up to its backoffLimit.
  console.error(`failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
