import { describe, expect, it } from 'vitest';
import { planLines, planSummary } from '../../../src/core/deploy/diff';
import { resultLines } from '../../../src/core/deploy/results';

describe('deploy text', () => {
  it('writes a result as its outcome line, then its message and warnings indented', () => {
    expect(resultLines({ kind: 'Deployment', name: 'web', component: 'web', outcome: 'created' })).toEqual(['created    Deployment web (web)']);
    expect(resultLines({ kind: 'ConfigMap', name: 'odd', outcome: 'failed', message: 'forbidden to apply ConfigMap odd', warnings: ['unknown field "spec"'] })).toEqual([
      'failed     ConfigMap odd',
      '    forbidden to apply ConfigMap odd',
      '    warning: unknown field "spec"',
    ]);
  });

  it('writes a plan as one line per object with its changed fields and warnings, and sums it up', () => {
    const changes = [
      { kind: 'Deployment', name: 'web', component: 'web', change: 'change' as const, fields: ['spec.replicas: 2 → 3'] },
      { kind: 'ConfigMap', name: 'odd', change: 'create' as const, fields: [], warnings: ['unknown field "spec"'] },
      { kind: 'Service', name: 'old', change: 'prune' as const, fields: [] },
    ];
    expect(planLines(changes)).toEqual(['~ Deployment web (web)', '    spec.replicas: 2 → 3', '+ ConfigMap odd', '    warning: unknown field "spec"', '- Service old']);
    expect(planSummary(changes)).toBe('1 to create, 1 to change, 0 unchanged, 1 to prune');
  });
});
