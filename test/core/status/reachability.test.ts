import { describe, expect, it } from 'vitest';
import { componentStatuses } from '../../../src/core/status/component';
import { outageReport, ReachabilityTracker, shownStatuses, unreachableReason } from '../../../src/core/status/reachability';

describe('ReachabilityTracker', () => {
  it('turns unreachable on the first failing kind, once, keeping the time of the last good observation', () => {
    const t = new ReachabilityTracker();
    expect(t.succeeded('Deployment', 1000)).toBe(true);
    expect(t.succeeded('Pod', 2000)).toBe(false);
    expect(t.failed('Pod', 'connect ECONNREFUSED 10.250.3.2:6443', 5000)).toBe(true);
    expect(t.state).toEqual({ state: 'unreachable', reason: unreachableReason('ECONNREFUSED'), since: 5000, lastSeen: 2000 });
    // every retry of every kind fails the same way: nothing new to say
    expect(t.failed('Deployment', 'connect ECONNREFUSED 10.250.3.2:6443', 6000)).toBe(false);
    expect(t.failed('Pod', 'connect ECONNREFUSED 10.250.3.2:6443', 7000)).toBe(false);
  });

  it('stays unreachable until every failing kind has answered again', () => {
    const t = new ReachabilityTracker();
    t.succeeded('Deployment', 1000);
    t.failed('Deployment', 'ECONNREFUSED', 2000);
    t.failed('Pod', 'ECONNREFUSED', 2100);
    expect(t.succeeded('Deployment', 3000)).toBe(false);
    expect(t.state?.state).toBe('unreachable');
    expect(t.succeeded('Pod', 3100)).toBe(true);
    expect(t.state).toEqual({ state: 'reachable', at: 3100 });
  });

  it('reports a change of reason (refused, then unauthorized) but keeps when the outage began', () => {
    const t = new ReachabilityTracker();
    t.failed('Pod', 'ECONNREFUSED', 2000);
    expect(t.failed('Pod', 'HTTP 401 Unauthorized', 4000)).toBe(true);
    expect(t.state).toMatchObject({ state: 'unreachable', since: 2000, reason: expect.stringContaining('401') });
    expect(t.state).not.toHaveProperty('lastSeen');
  });
});

describe('ReachabilityTracker with many watches cut at once', () => {
  it('takes the more precise reason of the next attempt and is not flipped back by the other cuts', () => {
    const t = new ReachabilityTracker();
    t.succeeded('Pod', 1000);
    expect(t.failed('Pod', 'aborted', 2000)).toBe(true);
    expect(t.failed('Deployment', 'socket hang up', 2001)).toBe(false);
    expect(t.failed('Pod', 'connect ECONNREFUSED 10.250.1.2:6443', 2300)).toBe(true);
    expect(t.failed('Job', 'aborted', 2301)).toBe(false);
    expect(t.state).toMatchObject({ reason: expect.stringContaining('refused the connection'), since: 2000, lastSeen: 1000 });
  });
});

describe('unreachableReason', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:6443', /refused the connection/],
    ['no answer to GET /api/v1/pods within 4000 ms', /does not answer/],
    ['the watch /apis/apps/v1/deployments went quiet', /does not answer/],
    ['Unauthorized (HTTP 401)', /401 Unauthorized/],
    ['pods is forbidden: User "x" cannot list resource "pods" (HTTP 403)', /403 Forbidden/],
    ['getaddrinfo ENOTFOUND kube.example', /does not resolve/],
    ['read ECONNRESET', /was cut/],
    ['aborted', /was cut/],
  ])('%s', (message, reason) => {
    expect(unreachableReason(message)).toMatch(reason);
  });
  it('keeps an unrecognised message (its first line) rather than hiding it', () => {
    expect(unreachableReason('something odd\nsecond line')).toBe('cannot reach the API server: something odd');
  });
});

describe('shownStatuses', () => {
  const statuses = { web: { health: 'ready' as const, summary: '2/2 ready', replicas: { desired: 2, ready: 2 } }, db: { health: 'failed' as const, summary: 'CrashLoopBackOff' } };
  it('shows the statuses as they are while the server is reachable', () => {
    expect(shownStatuses(statuses, { state: 'reachable', at: 1 })).toEqual(statuses);
    expect(shownStatuses(statuses, undefined)).toEqual(statuses);
  });
  it('never shows ready while the server is unreachable: unknown, with the last seen health and when', () => {
    const shown = shownStatuses(statuses, { state: 'unreachable', reason: 'the API server does not answer', since: 9000, lastSeen: 8000 });
    expect(shown.web).toEqual({ health: 'unknown', summary: 'the API server does not answer; last seen ready', lastSeen: { health: 'ready', at: 8000 } });
    expect(shown.db).toMatchObject({ health: 'unknown', lastSeen: { health: 'failed', at: 8000 } });
    expect(Object.values(shown).some((s) => s.health === 'ready' || s.replicas)).toBe(false);
  });
  it('says "never seen" when the server was unreachable from the start', () => {
    expect(shownStatuses(statuses, { state: 'unreachable', reason: 'x', since: 1 }).web).toEqual({ health: 'unknown', summary: 'x; never seen' });
  });
  it('keeps the original last seen through a second outage', () => {
    const once = shownStatuses(statuses, { state: 'unreachable', reason: 'x', since: 9000, lastSeen: 8000 });
    const twice = shownStatuses(once, { state: 'unreachable', reason: 'y', since: 9500, lastSeen: 9400 });
    expect(twice.web!.lastSeen).toEqual({ health: 'ready', at: 8000 });
  });
});

describe('componentStatuses against a cluster without the design', () => {
  it('says "not deployed" (absent) for every block, not pending and never ready', () => {
    const expected = new Map([['web', [{ kind: 'Deployment', name: 'web' }]], ['tls', [] as { kind: string; name: string }[]]]);
    const s = componentStatuses(expected, [], 'shop', new Map([['tls', 'web']]));
    expect(s.get('web')).toMatchObject({ health: 'absent', summary: 'not deployed in this cluster' });
    expect(s.get('tls')).toMatchObject({ health: 'absent' });
  });
  it('objects of another design do not count as deployed', () => {
    const other = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { 'app.kubernetes.io/part-of': 'blog', 'app.kubernetes.io/name': 'web' } } };
    expect(componentStatuses(new Map([['web', [{ kind: 'Deployment', name: 'web' }]]]), [other], 'shop').get('web')?.health).toBe('absent');
  });
});

describe('outageReport', () => {
  it('says nothing while all is well, one line when the server is lost, none per retry, one when it is back', () => {
    expect(outageReport('up', undefined, 'kind')).toEqual({ verdict: 'up' });
    const lost = outageReport('up', { reason: 'the API server does not answer' }, 'kind');
    expect(lost.line).toBe('Live status: cannot reach the API server of kind: the API server does not answer. Blocks show "unknown" until it answers again.');
    expect(outageReport(lost.verdict, { reason: 'the API server does not answer' }, 'kind').line).toBeUndefined();
    expect(outageReport(lost.verdict, undefined, 'kind').line).toBe('Live status: the API server of kind answers again.');
  });
  it('a new reason during the same outage is worth a line', () => {
    const lost = outageReport('up', { reason: 'a' }, 'kind');
    expect(outageReport(lost.verdict, { reason: 'b' }, 'kind').line).toContain(': b.');
  });
});
