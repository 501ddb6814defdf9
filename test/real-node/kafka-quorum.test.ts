// The queue pattern's default Kafka shape on the real node: three brokers, each also a KRaft controller, forming one
// quorum, and topics replicated three times, under Pod Security `restricted`. Items written through the brokers come
// out of the copier pod onto both outputs once each, and the input topic's partitions are each on all three brokers,
// in sync. Three JVMs share the node's two cores: the design lowers each broker's memory from the default 1Gi to
// 640Mi (the image's heap is half of it; each broker's working set measured about 310 MiB either way), and the test
// logs what the kubelet measured for the issue's record.
import type { ChildProcess } from 'node:child_process';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_NODE_NAME } from '../../scripts/cluster/lib.mjs';
import { parseDesign } from '../../src/core/design/parse';
import { createNamespace, deployDesign, RESTRICTED, untilReady } from '../support/deploy';
import { kubectl, loadKubeConfig } from '../harness/cluster/helpers';
import { goTest, portForward } from './kafka-forward';

const ns = `kafka3-${Date.now().toString(36)}`;
const BROKERS = ['bus-0', 'bus-1', 'bus-2'];
const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: orders, namespace: ${ns}}
components:
  bus:
    pattern: queue
    kind: kafka
    brokers: 3
    partitions: 3
    replicationFactor: 3
    memory: 640Mi
    deadLetterTopic: dead
  copy:
    pattern: copier
connections:
  - {from: bus, to: copy, topic: orders}
  - {from: copy, to: bus, topic: billing}
  - {from: copy, to: bus, topic: shipping}
`;

interface PodStats {
  podRef: { name: string; namespace: string };
  cpu?: { usageNanoCores?: number };
  memory?: { workingSetBytes?: number };
}

/** The kubelet's own measure of this namespace's pods (CPU now, working-set memory), one line for the log. */
async function measured(): Promise<string> {
  const summary = JSON.parse(await kubectl(['get', '--raw', `/api/v1/nodes/${REAL_NODE_NAME}/proxy/stats/summary`])) as {
    node: { cpu?: { usageNanoCores?: number }; memory?: { workingSetBytes?: number } };
    pods?: PodStats[];
  };
  const mine = (summary.pods ?? []).filter((p) => p.podRef.namespace === ns).sort((a, b) => (a.podRef.name < b.podRef.name ? -1 : 1));
  const fmt = (cpu?: number, mem?: number): string => `${Math.round((cpu ?? 0) / 1e6)}m CPU, ${Math.round((mem ?? 0) / 2 ** 20)} MiB`;
  return [...mine.map((p) => `${p.podRef.name} ${fmt(p.cpu?.usageNanoCores, p.memory?.workingSetBytes)}`), `node ${fmt(summary.node.cpu?.usageNanoCores, summary.node.memory?.workingSetBytes)}`].join('; ');
}

describe('a three-broker Kafka quorum on the real node, under Pod Security restricted', { timeout: 420_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const design = parseDesign(text).design!;
  const forwards: ChildProcess[] = [];

  beforeAll(async () => {
    await createNamespace(kc, ns, RESTRICTED);
    await deployDesign(kc, design);
    console.log(`[kafka-quorum] 3 brokers and the copier ready ${await untilReady(kc, design, 300_000)} ms after the deploy`);
  }, 360_000);

  afterAll(async () => {
    for (const f of forwards) f.kill();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('moves every item through the quorum onto both outputs, once, on partitions replicated to all three brokers', async () => {
    const fwds = await Promise.all(BROKERS.map((pod) => portForward(ns, `pod/${pod}`, 9092)));
    forwards.push(...fwds.map((f) => f.child));
    const t0 = Date.now();
    const { code, out } = await goTest({
      PC_TEST_KAFKA_FORWARD: `127.0.0.1:${fwds[0]!.port}`,
      PC_TEST_KAFKA_FORWARDS: BROKERS.map((pod, i) => `${pod}=127.0.0.1:${fwds[i]!.port}`).join(','),
      PC_TEST_KAFKA_REPLICAS: '3',
      PC_TEST_KAFKA_INPUT: 'orders',
      PC_TEST_KAFKA_OUTPUTS: 'billing,shipping',
    });
    expect(code, out).toBe(0);
    expect(out).toContain('orders: 3 partitions, each on 3 brokers, all in sync');
    expect(out).toContain('--- PASS: TestItemsThroughTheDeployedKafka');
    console.log(`[kafka-quorum] ${/5 items through[^\n]*/.exec(out)?.[0]} (go test ${Date.now() - t0} ms)`);
    console.log(`[kafka-quorum] measured: ${await measured().catch((e: Error) => `no summary from the kubelet: ${e.message}`)}`);
  });

  it('runs three brokers and the copier as uid 65532 with read-only roots, without a restart', async () => {
    const pods = (await core.listNamespacedPod({ namespace: ns })).items;
    expect(pods.map((p) => p.metadata?.name ?? '').filter((n) => n.startsWith('bus-')).sort()).toEqual(BROKERS);
    for (const p of pods) {
      expect(p.spec?.nodeName).toBe(REAL_NODE_NAME);
      expect(p.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      expect(p.spec?.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(p.status?.containerStatuses?.[0]?.restartCount, p.metadata?.name).toBe(0);
    }
  });
});
