import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claim, decide, keepLeading, type Lease, microTime, NEVER } from './election';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const later = (seconds: number): number => T0 + seconds * 1000;
const held = (by: string, renewed: number): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: {},
  spec: { holderIdentity: by, leaseDurationSeconds: 15, renewTime: microTime(renewed) },
});

test('no lease means create', () => {
  assert.equal(decide(undefined, 'pod-a', T0, NEVER)[0], 'create');
});

test('our own lease is renewed', () => {
  assert.equal(decide(held('pod-a', T0), 'pod-a', later(1), NEVER)[0], 'renew');
});

test('a free lease is acquired', () => {
  assert.equal(decide(held('', T0), 'pod-a', T0, NEVER)[0], 'acquire');
});

test("another holder's lease is respected until it expires on our clock", () => {
  const lease = held('pod-b', T0);
  let [action, seen] = decide(lease, 'pod-a', later(1), NEVER);
  assert.equal(action, 'standby');
  [action, seen] = decide(lease, 'pod-a', later(15), seen); // 14 s on our clock
  assert.equal(action, 'standby');
  assert.equal(decide(lease, 'pod-a', later(17), seen)[0], 'acquire');
  assert.equal(decide(held('pod-b', later(16)), 'pod-a', later(17), seen)[0], 'standby'); // renewed
});

test('claim takes the lease and counts transitions', () => {
  const taken = claim(held('pod-b', T0), 'acquire', 'pod-a', later(20), 15);
  assert.deepEqual([taken.spec.holderIdentity, taken.spec.leaseTransitions, taken.spec.renewTime], ['pod-a', 1, '2025-01-01T12:00:20.000000Z']);
  assert.equal(taken.spec.acquireTime, taken.spec.renewTime);
  const renewed = claim(taken, 'renew', 'pod-a', later(22), 15);
  assert.deepEqual([renewed.spec.acquireTime, renewed.spec.leaseTransitions], [taken.spec.acquireTime, 1]);
  assert.notEqual(renewed.spec.renewTime, taken.spec.renewTime);
});

test('a leader stops at the renew deadline', () => {
  assert.ok(keepLeading(T0, later(9), 10_000));
  assert.ok(!keepLeading(T0, later(10), 10_000));
});
