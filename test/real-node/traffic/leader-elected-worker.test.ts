// leader-elected-worker on the real node: three elected-worker replicas run ownership election on the generated
// Lease with the generated RBAC (get/update on that Lease, create): exactly one leads; when its pod is deleted, it
// releases the Lease and another replica leads within the lease duration.
import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubectl } from '../../harness/cluster/helpers';
import { type Deployed, deployTemplate, podsOf } from './support';

const LEASE = 'report-scheduler-owner';
const LEASE_SECONDS = 15;

describe('template leader-elected-worker elects one owner', { timeout: 240_000 }, () => {
  let d: Deployed;
  const holder = async () => (await d.kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: LEASE, namespace: d.ns })).spec?.holderIdentity ?? '';
  /** Each candidate's last state line: "leading" or "standby holder=<pod>". */
  async function states(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const p of await podsOf(d, 'report-scheduler')) {
      const lines = (await kubectl(['-n', d.ns, 'logs', p.name])).split('\n').filter((l) => l.includes(' state='));
      out.set(p.name, lines.at(-1)?.replace(/^.* state=/, '') ?? '');
    }
    return out;
  }
  /** Waits until every running candidate has said where it stands and exactly one says it leads; returns it. */
  async function oneLeader(what: string): Promise<string> {
    return eventually(async () => {
      const s = await states();
      const leaders = [...s].filter(([, st]) => st.startsWith('leading'));
      const lease = await holder();
      if (s.size !== 3 || [...s.values()].some((st) => st === '')) throw new Error(`not every candidate reported: ${JSON.stringify([...s])}`);
      expect(leaders, `leaders among ${JSON.stringify([...s])}`).toHaveLength(1);
      const [leader] = leaders[0]!;
      if (lease !== leader) throw new Error(`Lease held by '${lease}', logs say ${leader}`);
      for (const [pod, st] of s) if (pod !== leader) expect(st).toBe(`standby holder=${leader}`);
      return leader;
    }, { timeoutMs: 60_000, intervalMs: 1000, what });
  }

  beforeAll(async () => {
    d = await deployTemplate('leader-elected-worker');
  }, 300_000);
  afterAll(async () => d?.remove());

  it('has exactly one leader, the Lease holder, while the others stand by', async () => {
    const leader = await oneLeader('one leader');
    // Still the same one a few renewals later: the owner renews, no standby takes over.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await holder()).toBe(leader);
    expect(await oneLeader('still one leader')).toBe(leader);
    const lease = await d.kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: LEASE, namespace: d.ns });
    expect(lease.spec?.leaseDurationSeconds).toBe(LEASE_SECONDS);
  });

  it('after the leader\'s pod is deleted, another replica leads within the lease duration', async () => {
    const old = await oneLeader('one leader');
    const t0 = Date.now();
    await d.kc.makeApiClient(CoreV1Api).deleteNamespacedPod({ name: old, namespace: d.ns });
    const next = await eventually(async () => {
      const h = await holder();
      return h && h !== old ? h : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, what: 'a new Lease holder' });
    const seconds = (Date.now() - t0) / 1000;
    console.log(`[traffic] leader-elected-worker: ${next} leads ${seconds.toFixed(1)} s after ${old} was deleted`);
    expect(seconds).toBeLessThan(LEASE_SECONDS);
    expect((await podsOf(d, 'report-scheduler')).map((p) => p.name)).toContain(next);
    // The Deployment's replacement pod joins as a standby; still exactly one leader.
    expect(await oneLeader('one leader after the handover')).toBe(next);
  });
});
