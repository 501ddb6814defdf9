/** Reduce: merges partial results as they arrive, e.g. counts (book ch. "Coordinated Batch Processing"). */
import type { Diagnostic } from '../diagnostics';
import { batchStage, KAFKA_STATE_DOC, kafkaStateReplicasRule } from './support/batch-stage';

export const reduce = batchStage({
  id: 'reduce',
  title: 'Reduce',
  chapter: 'Ch. 12, Coordinated Batch Processing',
  summary: 'Folds partial results into one as they arrive (count, sum, histogram, min, max); reducers chain into a tree.',
  icon: 'symbol-operator',
  params: {
    operation: {
      type: 'enum',
      doc: 'How partial results combine; all built-ins are associative and commutative, so arrival order does not matter.',
      enum: ['count', 'sum', 'histogram', 'min', 'max', 'custom'],
      default: 'count',
    },
    custom: { type: 'string', doc: 'For operation custom: the name or expression of the combining function (REDUCE_CUSTOM).', default: '' },
    field: { type: 'string', doc: 'Field of the item to sum, bucket or compare; empty for count.', default: '' },
    groupBy: { type: 'string', doc: 'Field whose values get separate results (e.g. a tag); empty for one total.', default: '' },
  },
  env: (c) => [
    { name: 'REDUCE_OPERATION', value: c.params.operation },
    { name: 'REDUCE_FIELD', value: c.params.field },
    { name: 'REDUCE_GROUP_BY', value: c.params.groupBy },
    ...(c.params.operation === 'custom' ? [{ name: 'REDUCE_CUSTOM', value: c.params.custom }] : []),
  ],
  rules(ctx) {
    const { id, params } = ctx.component;
    const out: Diagnostic[] = kafkaStateReplicasRule(ctx);
    if (params.operation !== 'custom') return out;
    out.push(
      {
        code: 'PC085',
        severity: 'warning',
        message: `Reduce '${id}' uses a custom operation: reduce needs an associative operation (f(f(a,b),c) = f(a,f(b,c))) that ignores arrival order, or results depend on timing. Prefer count, sum, histogram, min or max.`,
        path: ctx.at('operation'),
      },
    );
    if (!params.custom.trim()) {
      out.push({ code: 'PC086', severity: 'error', message: `Reduce '${id}' has operation custom but no custom function: name it in custom.`, path: ctx.at('custom') });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC085', severity: 'warning', title: 'Operation not known to be associative', doc: 'Partial results arrive in any order and reducers chain into trees: the operation must be associative (and commutative).' },
    { code: 'PC086', severity: 'error', title: 'Custom operation missing', doc: 'operation custom needs the combining function in custom.' },
    KAFKA_STATE_DOC,
  ],
});
