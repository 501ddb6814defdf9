/** The work for one item of the queue. */
import { readFileSync } from 'node:fs';

/**
 * Does the work for one item: replace it with yours (a thumbnail with ffmpeg, a detection, ...). A failed item
 * is retried, so process must be idempotent: doing an item twice has the effect of doing it once (write
 * results under a name derived from the item, never append).
 */
export function processItem(item: Buffer): string {
  const text = item.toString('utf8').trim();
  if (!text) throw new Error('the work item is empty');
  return `processed ${item.length} bytes, ${text.split(/\s+/).length} words`;
}

/** Reads the item from the file named by WORK_ITEM_FILE (the Job's downward-API volume) and processes it. */
export function run(env: Record<string, string | undefined>, out: (line: string) => void): void {
  const path = env.WORK_ITEM_FILE;
  if (!path) throw new Error('WORK_ITEM_FILE is not set: it names the file that holds the work item');
  out(processItem(readFileSync(path)));
}
