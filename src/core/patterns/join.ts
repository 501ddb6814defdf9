/** Join: a barrier that waits until all expected inputs are done (book ch. "Coordinated Batch Processing"). */
import type { Diagnostic } from '../diagnostics';
import { batchStage } from './support/batch-stage';

export const join = batchStage({
  id: 'join',
  title: 'Join',
  chapter: 'Ch. 12, Coordinated Batch Processing',
  summary: 'Waits until every expected input has delivered its part for a key, then emits the joined result.',
  icon: 'git-merge',
  // Arrivals are counted in one place; several replicas would each see only part of them.
  singleton: true,
  params: {
    expectedInputs: { type: 'integer', doc: 'How many inputs must be done before the join emits; equals its incoming connections.', default: 2, min: 2 },
    key: { type: 'string', doc: 'Field that correlates the parts of one piece of work across inputs.', default: 'id' },
    batchSizeField: {
      type: 'string',
      doc: 'Field that holds how many items a batch has (e.g. batchSize): the join then gathers every item of a key from any input, and when all are in, sends each of them on once. Empty: one part per input.',
      default: '',
      pattern: '|[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*',
    },
  },
  env: (c) => [
    { name: 'JOIN_EXPECTED_INPUTS', value: String(c.params.expectedInputs) },
    { name: 'JOIN_KEY', value: c.params.key },
    // Only when set, so the runtime's default (one part per input) stays what a starter without it does.
    ...(c.params.batchSizeField ? [{ name: 'JOIN_BATCH_SIZE_FIELD', value: c.params.batchSizeField }] : []),
  ],
  rules(ctx) {
    const { id, params } = ctx.component;
    const incoming = ctx.design.incoming(id).length;
    const expected = params.expectedInputs;
    const out: Diagnostic[] = [];
    if (incoming < 2) {
      out.push({
        code: 'PC083',
        severity: 'error',
        message: `Join '${id}' has ${incoming} input(s): a join is a barrier over at least two inputs. Connect the others, or drop the join.`,
        path: ctx.at(),
      });
    } else if (expected !== incoming) {
      out.push({
        code: 'PC084',
        severity: 'error',
        message: `Join '${id}' waits for ${expected} inputs but has ${incoming} incoming connections: it would ${expected > incoming ? 'wait forever' : 'emit before all inputs are done'}. Set expectedInputs to ${incoming}.`,
        path: ctx.at('expectedInputs'),
        fix: { kind: 'set', path: ctx.at('expectedInputs'), value: incoming, title: `Set expectedInputs to ${incoming}` },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC083', severity: 'error', title: 'Join with fewer than two inputs', doc: 'A join waits for a known set of at least two inputs.' },
    { code: 'PC084', severity: 'error', title: 'Expected inputs mismatch', doc: 'expectedInputs must equal the join\'s incoming connections: more waits forever, fewer emits incomplete results.' },
  ],
});
