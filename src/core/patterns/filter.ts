/** Filter: drops the items that fail a test (book ch. "Event-Driven Batch Processing"). */
import { batchStage } from './support/batch-stage';

export const filter = batchStage({
  id: 'filter',
  title: 'Filter',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'Passes on the items that satisfy a test and drops the others.',
  icon: 'filter',
  params: {
    expression: {
      type: 'string',
      doc: 'The test an item must pass to be kept, a CEL expression over `item` (FILTER_EXPRESSION), e.g. item.prefs.email == true.',
      default: '',
    },
  },
  env: (c) => [{ name: 'FILTER_EXPRESSION', value: c.params.expression }],
  rules(ctx) {
    if (ctx.component.params.expression.trim()) return [];
    return [
      {
        code: 'PC076',
        severity: 'error',
        message: `Filter '${ctx.component.id}' has no expression: say which items it keeps, e.g. item.prefs.email == true.`,
        path: ctx.at('expression'),
      },
    ];
  },
  ruleDocs: [{ code: 'PC076', severity: 'error', title: 'Filter without a test', doc: 'A filter needs the expression that decides which items it keeps.' }],
});
