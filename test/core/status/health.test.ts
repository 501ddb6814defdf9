import { describe, expect, it } from 'vitest';
import { componentStatuses } from '../../../src/core/status/component';
import { objectHealth } from '../../../src/core/status/health';

const dep = (spec: number, status: Record<string, unknown>, generation = 1) => ({ kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas: spec }, status: { observedGeneration: 1, ...status } });

describe('objectHealth', () => {
  it('Deployment: ready when all replicas are updated and available', () => {
    expect(objectHealth(dep(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }))).toMatchObject({ health: 'ready', message: '3/3 ready', replicas: { desired: 3, ready: 3 } });
  });
  it('Deployment: progressing while the controller has not observed the generation, with the new desired count', () => {
    const scaled = objectHealth(dep(5, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }, 2));
    expect(scaled).toMatchObject({ health: 'progressing', replicas: { desired: 5, ready: 3 } });
  });
  it('Deployment: progressing during rollout, failed past the progress deadline', () => {
    expect(objectHealth(dep(3, { replicas: 3, updatedReplicas: 1, readyReplicas: 1 })).health).toBe('progressing');
    const stuck = dep(3, { updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(objectHealth(stuck).health).toBe('failed');
  });
  it('Deployment: degraded when it was available and lost replicas', () => {
    const d = dep(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Available', status: 'False' }] });
    expect(objectHealth(d).health).toBe('degraded');
  });
  it('StatefulSet: pending with no ready shard, ready when all are, progressing during a revision change', () => {
    const ss = (ready: number, rev = {}) => ({ kind: 'StatefulSet', metadata: { name: 's' }, spec: { replicas: 3 }, status: { readyReplicas: ready, ...rev } });
    expect(objectHealth(ss(0)).health).toBe('pending');
    expect(objectHealth(ss(3)).health).toBe('ready');
    expect(objectHealth(ss(3, { currentRevision: 'a', updateRevision: 'b' })).health).toBe('progressing');
  });
  it('Job: complete, failed, active', () => {
    expect(objectHealth({ kind: 'Job', status: { conditions: [{ type: 'Complete', status: 'True' }] } })).toMatchObject({ health: 'ready', message: 'complete' });
    expect(objectHealth({ kind: 'Job', status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } }).health).toBe('failed');
    expect(objectHealth({ kind: 'Job', status: { active: 1 } }).health).toBe('progressing');
  });
  it('Pod: CrashLoopBackOff names the container and its last exit code', () => {
    const crashed = { name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 3, reason: 'Error' } } };
    expect(objectHealth({ kind: 'Pod', status: { phase: 'Running', containerStatuses: [crashed] } }))
      .toMatchObject({ health: 'failed', message: 'CrashLoopBackOff: container app exited with exit code 3 (Error)' });
  });

  it('Pod: a native sidecar that is not ready holds the pod back, and is named; a finished init container is not', () => {
    const pod = {
      kind: 'Pod',
      spec: { initContainers: [{ name: 'setup' }, { name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        initContainerStatuses: [{ name: 'setup', ready: false, state: { terminated: { exitCode: 0 } } }, { name: 'proxy', ready: false }],
        containerStatuses: [{ name: 'app', ready: true }],
      },
    };
    expect(objectHealth(pod)).toMatchObject({ health: 'progressing', message: 'running, not ready: proxy (sidecar)' });
    // The old form: the proxy is a regular container.
    const legacy = { kind: 'Pod', status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true }, { name: 'proxy', ready: false }] } };
    expect(objectHealth(legacy)).toMatchObject({ health: 'progressing', message: 'running, not ready: proxy' });
  });

  it('Pod: CrashLoopBackOff and Unschedulable are failures; Ready is ready', () => {
    expect(objectHealth({ kind: 'Pod', status: { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] } })).toMatchObject({ health: 'failed', message: 'CrashLoopBackOff' });
    expect(objectHealth({ kind: 'Pod', status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes' }] } }).health).toBe('failed');
    expect(objectHealth({ kind: 'Pod', status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }).health).toBe('ready');
  });
  it('Lease: ready while its holder renews it', () => {
    const now = Date.parse('2026-01-01T00:00:10Z');
    const lease = (renewTime: string) => ({ kind: 'Lease', spec: { holderIdentity: 'pod-a', renewTime, leaseDurationSeconds: 15 } });
    expect(objectHealth(lease('2026-01-01T00:00:05Z'), now)).toMatchObject({ health: 'ready', message: 'held by pod-a' });
    expect(objectHealth(lease('2025-12-31T23:59:00Z'), now).health).toBe('degraded');
    expect(objectHealth({ kind: 'Lease', spec: {} }, now).health).toBe('progressing');
  });
});

describe('componentStatuses', () => {
  const labels = (id: string) => ({ 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': id });
  it('takes the worst object, summarises replicas, and counts missing objects as pending', () => {
    const expected = new Map([
      ['web', [{ kind: 'Deployment', name: 'web' }, { kind: 'Service', name: 'web' }]],
      ['db', [{ kind: 'StatefulSet', name: 'db' }]],
    ]);
    const live = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: labels('web'), generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: labels('web') } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', labels: { ...labels('web'), 'app.kubernetes.io/part-of': 'another-design' } } },
    ];
    const s = componentStatuses(expected, live, 'shop');
    expect(s.get('web')).toMatchObject({ health: 'ready', summary: '2/2 ready', replicas: { desired: 2, ready: 2 } });
    expect(s.get('db')).toMatchObject({ health: 'pending', summary: 'StatefulSet db: not created yet' });
  });
  it('lets a failing pod make its component fail', () => {
    const expected = new Map([['web', [{ kind: 'Deployment', name: 'web' }]]]);
    const live = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: labels('web') }, spec: { replicas: 1 }, status: { replicas: 1, updatedReplicas: 1 } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-x', labels: labels('web') }, status: { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] } },
    ];
    expect(componentStatuses(expected, live, 'shop').get('web')).toMatchObject({ health: 'failed', summary: 'Pod web-x: ImagePullBackOff' });
  });
});

describe('designStatuses', () => {
  it('shows an attachment with its host pod health, and ignores kinds that say nothing about health', async () => {
    const { designStatuses } = await import('../../../src/core/status/design');
    const design = {
      apiVersion: 'patterncanvas.dev/v1alpha1',
      kind: 'Design',
      metadata: { name: 'shop' },
      components: { web: { pattern: 'replicated-service' as const, image: 'w:1', replicas: 2 }, tls: { pattern: 'sidecar' as const, attachTo: 'web', role: 'tls', port: 8443 } },
      connections: [],
      layout: {},
    };
    const labels = { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'web' };
    const live = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels }, spec: { replicas: 2 }, status: { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels } },
    ];
    const s = designStatuses(design, live);
    expect(s.get('web')).toMatchObject({ health: 'ready', summary: '2/2 ready' });
    expect(s.get('tls')).toMatchObject({ health: 'ready', summary: 'in the pods of web: 2/2 ready' });
  });
});

describe('the headline workload', () => {
  it('is the one named after the component, not a tier beside it', () => {
    const labels = { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'dict' };
    const dep = (name: string, replicas: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels }, spec: { replicas }, status: { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas } });
    const s = componentStatuses(new Map([['dict', [{ kind: 'Deployment', name: 'dict-cache' }, { kind: 'Deployment', name: 'dict' }]]]), [dep('dict-cache', 2), dep('dict', 5)], 'shop');
    expect(s.get('dict')).toMatchObject({ replicas: { desired: 5, ready: 5 }, summary: '5/5 ready' });
  });
});
