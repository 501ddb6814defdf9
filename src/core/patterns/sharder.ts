/** Sharder: splits one stream evenly into several by hashing a key (book ch. "Event-Driven Batch Processing"). */
import type { Diagnostic } from '../diagnostics';
import { batchStage, outputTopics, readersOf } from './support/batch-stage';

export const sharder = batchStage({
  id: 'sharder',
  title: 'Sharder',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'Sends each item to shard hash(key) % shards: one output edge becomes topics <topic>-0 .. <topic>-(shards-1).',
  icon: 'type-hierarchy-sub',
  params: {
    shards: { type: 'integer', doc: 'Number of shards; one output edge writes <topic>-0..N-1, several edges are the shards in order.', default: 3, min: 2, max: 1000 },
    key: { type: 'string', doc: 'Field of the item whose hash picks the shard; items with the same key land on the same shard.', default: 'id' },
    eachValueAs: {
      type: 'string',
      doc: 'When the key is a list (e.g. tags): send one copy of the item per distinct value, with the value in this field (e.g. tag), to that value\'s shard. Empty: the key is one value.',
      default: '',
      pattern: '|[A-Za-z_][A-Za-z0-9_]*',
    },
  },
  env: (c) => [
    { name: 'SHARD_COUNT', value: String(c.params.shards) },
    { name: 'SHARD_KEY', value: c.params.key },
    ...(c.params.eachValueAs ? [{ name: 'SHARD_EACH_AS', value: c.params.eachValueAs }] : []),
  ],
  rules(ctx) {
    const { id, params } = ctx.component;
    const shards = params.shards;
    const outputs = outputTopics(ctx.design, id);
    const out: Diagnostic[] = [];
    if (outputs.length > 0 && outputs.length !== shards) {
      out.push({
        code: 'PC080',
        severity: 'error',
        message: `Sharder '${id}' has ${outputs.length} output edges but shards is ${shards}: draw one edge per shard, or a single edge whose topic becomes <topic>-0..${shards - 1}.`,
        path: ctx.at('shards'),
        fix: { kind: 'set', path: ctx.at('shards'), value: outputs.length, title: `Set shards to ${outputs.length}` },
      });
      return out;
    }
    const unread = outputs.filter((r) => r.queue && readersOf(ctx.design, r.queue, r.topic).length === 0).map((r) => r.topic);
    if (unread.length > 0 && unread.length < outputs.length) {
      out.push({
        code: 'PC081',
        severity: 'warning',
        message: `Shard topic(s) ${unread.join(', ')} of '${id}' have no reader while other shards do: their items are never processed. Connect a reader per shard.`,
        path: ctx.at('shards'),
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC080', severity: 'error', title: 'Outputs do not match shards', doc: 'A sharder has one output edge (fanned out into <topic>-i) or exactly one edge per shard.' },
    { code: 'PC081', severity: 'warning', title: 'Shard without a reader', doc: 'Some shard topics are read and others are not: the unread shards pile up.' },
  ],
});
