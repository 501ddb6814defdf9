// Kafka on the real node: a design of a Kafka queue (one KRaft broker+controller, the apache/kafka image built here
// from Kafka's jars) and a copier, generated and deployed as a person would into a namespace that enforces Pod
// Security `restricted`. Items written to the broker pod come out on both outputs once each, from the copier pod.
// Kafka's clients are redirected to the broker's advertised in-cluster name, so the items are written and read by a
// Go test (runtime/queue/kafka_forward_test.go) that dials every connection to one kubectl port-forward.
import type { ChildProcess } from 'node:child_process';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_NODE_NAME } from '../../scripts/cluster/lib.mjs';
import { parseDesign } from '../../src/core/design/parse';
import { createNamespace, deployDesign, RESTRICTED, untilReady } from '../support/deploy';
import { loadKubeConfig } from '../harness/cluster/helpers';
import { goTest, portForward } from './kafka-forward';

const ns = `kafka-${Date.now().toString(36)}`;
const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: orders, namespace: ${ns}}
components:
  bus:
    pattern: queue
    kind: kafka
    brokers: 1
    partitions: 3
    replicationFactor: 1
    deadLetterTopic: dead
  copy:
    pattern: copier
connections:
  - {from: bus, to: copy, topic: orders}
  - {from: copy, to: bus, topic: billing}
  - {from: copy, to: bus, topic: shipping}
`;

describe('a Kafka-backed pipeline on the real node, under Pod Security restricted', { timeout: 300_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const design = parseDesign(text).design!;
  let forward: ChildProcess | undefined;

  beforeAll(async () => {
    await createNamespace(kc, ns, RESTRICTED);
    await deployDesign(kc, design);
    console.log(`[kafka] bus and copy ready ${await untilReady(kc, design, 180_000)} ms after the deploy`);
  }, 240_000);

  afterAll(async () => {
    forward?.kill();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('copies every item written to the Kafka pod onto both outputs, once', async () => {
    const fwd = await portForward(ns, 'pod/bus-0', 9092);
    forward = fwd.child;
    const t0 = Date.now();
    const { code, out } = await goTest({ PC_TEST_KAFKA_FORWARD: `127.0.0.1:${fwd.port}`, PC_TEST_KAFKA_INPUT: 'orders', PC_TEST_KAFKA_OUTPUTS: 'billing,shipping' });
    expect(code, out).toBe(0);
    expect(out).toContain('--- PASS: TestItemsThroughTheDeployedKafka');
    console.log(`[kafka] ${/5 items through[^\n]*/.exec(out)?.[0]} (go test ${Date.now() - t0} ms)`);
  });

  it('runs the broker and the copier as uid 65532 with read-only roots, without a restart', async () => {
    const pods = (await core.listNamespacedPod({ namespace: ns })).items;
    expect(pods.map((p) => p.metadata?.labels?.['app.kubernetes.io/name']).sort()).toEqual(['bus', 'copy']);
    for (const p of pods) {
      expect(p.spec?.nodeName).toBe(REAL_NODE_NAME);
      expect(p.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      expect(p.spec?.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(p.status?.containerStatuses?.[0]?.restartCount, p.metadata?.name).toBe(0);
    }
    const images = Object.fromEntries(pods.map((p) => [p.metadata?.labels?.['app.kubernetes.io/name'], p.spec?.containers[0]?.image]));
    expect(images).toEqual({ bus: 'apache/kafka:3.8.1', copy: 'ghcr.io/pattern-canvas/copier:0.1.0' });
  });
});
