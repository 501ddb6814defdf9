/**
 * The broker as a stage sees it. FileQueue is enough to run and test a pipeline on one machine (or pods
 * sharing a volume); for NATS, Redis or Kafka (QUEUE_KIND) implement these two methods with the broker's
 * client and pick it in main.ts.
 */
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from './operators';

export interface Queue {
  /** The items of topic that arrived since the last call. */
  receive(topic: string): Item[];
  send(topic: string, item: Item): void;
}

/**
 * Each topic is a file of JSON lines, <dir>/<topic>.jsonl, read from where the last call stopped. Offsets live
 * in memory: after a restart a stage reads its topics from the start again, so stages must be idempotent (they
 * must be anyway: brokers redeliver too).
 */
export class FileQueue implements Queue {
  private readonly offsets = new Map<string, number>();
  constructor(readonly dir: string) {}

  private path(topic: string): string {
    if (!topic || topic === '.' || topic === '..' || /[/\\]/.test(topic)) throw new Error(`'${topic}' is not a topic name`);
    return join(this.dir, `${topic}.jsonl`);
  }

  receive(topic: string): Item[] {
    let fd: number;
    try {
      fd = openSync(this.path(topic), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const from = this.offsets.get(topic) ?? 0;
    let data: Buffer;
    try {
      data = Buffer.alloc(Math.max(0, fstatSync(fd).size - from));
      readSync(fd, data, 0, data.length, from);
    } finally {
      closeSync(fd);
    }
    const end = data.lastIndexOf(0x0a) + 1; // a last line without its newline is still being written
    this.offsets.set(topic, from + end);
    return data
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Item);
  }

  send(topic: string, item: Item): void {
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.path(topic), `${JSON.stringify(item)}\n`);
  }
}
