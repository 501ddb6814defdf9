/** Ownership election: replicas elect one owner through a coordination.k8s.io/v1 Lease, with least-privilege RBAC. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { expectValidObjects } from '../../support/schema';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf, podSpec } from './fixtures';

const elected = (extra: Partial<ComponentSpec> = {}) => design({ scheduler: { pattern: 'ownership-election', image: 'ghcr.io/acme/scheduler:2', ...extra } });

describe('ownership-election: what it generates', () => {
  const objs = objectsOf(elected(), 'scheduler');

  it('a Deployment of 3 candidates running as their own ServiceAccount', () => {
    const dep = find(objs, 'Deployment', 'scheduler');
    expect(dep.spec).toMatchObject({ replicas: 3 });
    expect(podSpec(dep).serviceAccountName).toBe('scheduler');
    expect(find(objs, 'ServiceAccount', 'scheduler')).toBeDefined();
  });

  it('the Lease itself, named <id>-leader, with the lease duration', () => {
    const lease = find(objs, 'Lease', 'scheduler-leader');
    expect(lease.apiVersion).toBe('coordination.k8s.io/v1');
    expect(lease.metadata.namespace).toBe('batch');
    expect(lease.spec).toEqual({ leaseDurationSeconds: 15 });
  });

  it('RBAC: get/update on this Lease only, create on leases (create cannot be limited by name), nothing else', () => {
    expect(find(objs, 'Role', 'scheduler').rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['scheduler-leader'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    ]);
    const binding = find(objs, 'RoleBinding', 'scheduler');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'scheduler' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'scheduler', namespace: 'batch' }]);
  });

  it('the worker learns the Lease, its timing and its own identity from the environment', () => {
    const env = envOf(containerOf(find(objs, 'Deployment', 'scheduler'), 'app'));
    expect(env).toEqual({
      LEASE_NAME: 'scheduler-leader',
      LEASE_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      LEASE_DURATION_SECONDS: '15',
      RENEW_DEADLINE_SECONDS: '10',
      RETRY_PERIOD_SECONDS: '2',
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
    });
  });

  it('leaseName names the Lease and the Role\'s resourceNames', () => {
    const o = objectsOf(elected({ leaseName: 'billing-owner' }), 'scheduler');
    expect(find(o, 'Lease', 'billing-owner')).toBeDefined();
    expect((find(o, 'Role', 'scheduler').rules as { resourceNames?: string[] }[])[0]!.resourceNames).toEqual(['billing-owner']);
  });

  it('every object is schema-valid', () => expectValidObjects(objs));

  it('the defaults (15/10/2, 3 replicas) raise nothing', () => expect(codes(elected())).toEqual([]));
});

describe('ownership-election: rules', () => {
  it('PC060: leaseDuration must exceed renewDeadline; the fix is a lease that does', () => {
    expect(diagnostics(elected({ leaseDurationSeconds: 10 }), 'PC060')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['components', 'scheduler', 'leaseDurationSeconds'],
        fix: { kind: 'set', path: ['components', 'scheduler', 'leaseDurationSeconds'], value: 15, title: 'Set leaseDurationSeconds to 15' },
      }),
    ]);
  });

  it('PC060: renewDeadline must exceed 1.2 × retryPeriod (6 is not above 1.2 × 5); the fix is the largest retry period that fits', () => {
    const [d] = diagnostics(elected({ renewDeadlineSeconds: 6, retryPeriodSeconds: 5 }), 'PC060');
    expect(d).toMatchObject({ severity: 'error', path: ['components', 'scheduler', 'retryPeriodSeconds'], fix: { value: 4 } });
    expect(1.2 * 4).toBeLessThan(6);
  });

  it('PC060: when no whole-second retry fits, the renew deadline grows instead', () => {
    const [d] = diagnostics(elected({ renewDeadlineSeconds: 1, retryPeriodSeconds: 1 }), 'PC060');
    expect(d).toMatchObject({ path: ['components', 'scheduler', 'renewDeadlineSeconds'], fix: { value: 2 } });
  });

  it('PC060: applying the suggested fix clears the error', () => {
    const [d] = diagnostics(elected({ leaseDurationSeconds: 8, renewDeadlineSeconds: 12 }), 'PC060');
    expect(diagnostics(elected({ leaseDurationSeconds: d!.fix!.kind === 'set' ? (d!.fix!.value as number) : 0, renewDeadlineSeconds: 12 }), 'PC060')).toEqual([]);
  });

  it('PC061 + PC062: one replica has nothing to elect, and maybe a restarting singleton is enough', () => {
    const found = diagnostics(elected({ replicas: 1 }), 'PC061');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'scheduler', 'replicas'], fix: expect.objectContaining({ value: 3 }) })]);
    expect(found[0]!.message).toContain('nothing to elect');
    expect(diagnostics(elected({ replicas: 1 }), 'PC062')).toEqual([expect.objectContaining({ severity: 'info' })]);
    expect(diagnostics(elected({ replicas: 1 }), 'PC062')[0]!.message).toContain('singleton that Kubernetes restarts');
    expect(diagnostics(elected({ replicas: 0 }), 'PC062')).toEqual([]);
    expect(codes(elected({ replicas: 2 }))).toEqual([]);
  });

  it('PC063: a retry period above half the lease risks expiry on one missed renewal', () => {
    expect(diagnostics(elected({ leaseDurationSeconds: 15, renewDeadlineSeconds: 14, retryPeriodSeconds: 10 }), 'PC063')).toEqual([
      expect.objectContaining({ severity: 'warning', path: ['components', 'scheduler', 'retryPeriodSeconds'], fix: expect.objectContaining({ value: 7 }) }),
    ]);
    expect(diagnostics(elected({ leaseDurationSeconds: 15, renewDeadlineSeconds: 14, retryPeriodSeconds: 7 }), 'PC063')).toEqual([]);
  });
});
