/** Join: a barrier over a known set of at least two inputs. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec, Connection } from '../../../src/core/design/model';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const base = (join: Partial<ComponentSpec>, inputs: string[]) =>
  design(
    { api: { pattern: 'replicated-service', image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue', deadLetterTopic: 'dead' }, j: { pattern: 'join', ...join } },
    [
      ...inputs.map((t): Connection => ({ from: 'api', to: 'bus', topic: t })),
      ...inputs.map((t): Connection => ({ from: 'bus', to: 'j', topic: t })),
      { from: 'j', to: 'bus', topic: 'joined' },
    ],
  );

describe('join', () => {
  it('one pod (it counts arrivals in one place) told how many inputs to wait for and how to correlate them', () => {
    const d = base({ expectedInputs: 2, key: 'imageId' }, ['detected', 'blurred']);
    const dep = find(objectsOf(d, 'j'), 'Deployment', 'j');
    expect(dep.spec).toMatchObject({ replicas: 1 });
    expect(envOf(containerOf(dep, 'join'))).toMatchObject({ JOIN_EXPECTED_INPUTS: '2', JOIN_KEY: 'imageId', INPUT_TOPICS: 'detected,blurred', OUTPUT_TOPICS: 'joined' });
    expect(codes(d, 'j')).toEqual([]);
    expect(envOf(containerOf(dep, 'join'))).not.toHaveProperty('JOIN_BATCH_SIZE_FIELD');
  });

  it('batchSizeField makes it a batch barrier: the runtime is told which field holds the batch\'s size', () => {
    const d = base({ expectedInputs: 2, key: 'batchId', batchSizeField: 'batchSize' }, ['tagged-0', 'tagged-1']);
    expect(envOf(containerOf(find(objectsOf(d, 'j'), 'Deployment', 'j'), 'join'))).toMatchObject({ JOIN_KEY: 'batchId', JOIN_BATCH_SIZE_FIELD: 'batchSize' });
    expect(codes(d, 'j')).toEqual([]);
  });

  it('PC083: a join with fewer than two incoming connections is an error', () => {
    expect(diagnostics(base({}, ['only']), 'PC083')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'j'] })]);
  });

  it('PC084: expectedInputs must equal the incoming connections; the fix sets it', () => {
    const found = diagnostics(base({ expectedInputs: 2 }, ['a', 'b', 'c']), 'PC084');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['components', 'j', 'expectedInputs'],
        fix: { kind: 'set', path: ['components', 'j', 'expectedInputs'], value: 3, title: 'Set expectedInputs to 3' },
      }),
    ]);
    expect(found[0]!.message).toContain('emit before all inputs are done');
    expect(diagnostics(base({ expectedInputs: 4 }, ['a', 'b', 'c']), 'PC084')[0]!.message).toContain('wait forever');
  });
});
