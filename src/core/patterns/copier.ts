/** Copier: one stream in, several identical streams out (book ch. "Event-Driven Batch Processing"). */
import { batchStage, outputTopics } from './support/batch-stage';

export const copier = batchStage({
  id: 'copier',
  title: 'Copier',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'Copies every item of its input to each of its outputs, so several stages see the same stream.',
  icon: 'copy',
  params: {},
  rules(ctx) {
    const outputs = new Set(outputTopics(ctx.design, ctx.component.id).map((r) => r.topic));
    if (outputs.size !== 1) return [];
    return [
      {
        code: 'PC075',
        severity: 'warning',
        message: `'${ctx.component.id}' copies to one output only: a copier with one output is a pass-through. Connect a second output or remove it.`,
        path: ctx.at(),
      },
    ];
  },
  ruleDocs: [{ code: 'PC075', severity: 'warning', title: 'Copier with one output', doc: 'A copier exists to turn one stream into several identical ones; with one output it only adds latency.' }],
});
