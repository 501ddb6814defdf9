// A batch operator's image on the real node: a design of a NATS queue and a copier, generated and deployed as a
// person would; items published into the broker pod come out on both output topics, once each, from the copier pod
// running as 65532 under the generated (restricted) security settings.
import type { ChildProcess } from 'node:child_process';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/core/design/parse';
import { createNamespace, deployDesign, untilReady } from '../support/deploy';
import { NatsWire } from '../runtime/nats-wire';
import { eventually, loadKubeConfig, portForward } from '../harness/cluster/helpers';

const ns = `batch-${Date.now().toString(36)}`;
const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: orders, namespace: ${ns}}
components:
  bus:
    pattern: queue
    kind: nats
    deadLetterTopic: dead
  copy:
    pattern: copier
connections:
  - {from: bus, to: copy, topic: orders}
  - {from: copy, to: bus, topic: billing}
  - {from: copy, to: bus, topic: shipping}
`;

describe('a batch operator on the real node', { timeout: 240_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const design = parseDesign(text).design!;
  let forward: ChildProcess | undefined;
  let wire: NatsWire | undefined;

  beforeAll(async () => {
    await createNamespace(kc, ns);
    await deployDesign(kc, design);
    console.log(`[batch] bus and copy ready ${await untilReady(kc, design, 150_000)} ms after the deploy`);
  }, 240_000);

  afterAll(async () => {
    wire?.close();
    forward?.kill();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('copies every item published to the broker pod onto both outputs, once', async () => {
    const fwd = await portForward(ns, 'svc/bus', 4222);
    forward = fwd.child;
    wire = await NatsWire.connect(fwd.port);
    // The copier makes its input stream when it starts consuming.
    await eventually(async () => (await wire!.streamMessages('orders')) !== undefined, { timeoutMs: 60_000, what: 'stream orders made by the copier' });
    const t0 = Date.now();
    for (let i = 1; i <= 5; i++) await wire.publish('orders', `order-${i}`, { id: `o${i}`, total: i * 10 });
    expect((await wire.publish('orders', 'order-1', { id: 'o1', total: 10 })).duplicate).toBe(true);
    for (const out of ['billing', 'shipping']) {
      await eventually(async () => ((await wire!.streamMessages(out)) ?? 0) >= 5, { timeoutMs: 30_000, what: `5 items on ${out}` });
      const items = (await wire.streamItems(out)) as { id: string }[];
      expect(items.map((x) => x.id).sort()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    }
    console.log(`[batch] 5 items through the copier pod in ${Date.now() - t0} ms`);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app.kubernetes.io/name=copy' });
    const pod = pods.items[0]!;
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(pod.spec?.containers[0]?.image).toBe('ghcr.io/pattern-canvas/copier:0.1.0');
  });
});
