/** Merger: several streams in, one stream out (book ch. "Event-Driven Batch Processing"). */
import { batchStage, inputTopics } from './support/batch-stage';

export const merger = batchStage({
  id: 'merger',
  title: 'Merger',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'Interleaves several streams into one as items arrive; it does not wait for anything (that is a join).',
  icon: 'merge',
  params: {},
  rules(ctx) {
    const inputs = new Set(inputTopics(ctx.design, ctx.component.id).map((r) => `${r.queue}/${r.topic}`));
    if (inputs.size >= 2 || inputs.size === 0) return [];
    return [
      {
        code: 'PC082',
        severity: 'warning',
        message: `Merger '${ctx.component.id}' has one input: a merger turns several streams into one. Connect a second input or remove it.`,
        path: ctx.at(),
      },
    ];
  },
  ruleDocs: [
    {
      code: 'PC082',
      severity: 'warning',
      title: 'Merger with one input',
      doc: 'A merger combines at least two streams. It guarantees no completeness: to wait until all inputs are done, use a join.',
    },
  ],
});
