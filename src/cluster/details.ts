/** Events and recent logs of a component, for the "click a block" view. */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LABEL_NAME, LABEL_PART_OF } from '../core/generate/labels';
import { apiFailure } from './errors';

export interface ComponentDetails {
  events: { time: string; type: string; reason: string; object: string; message: string }[];
  logs: { pod: string; container: string; text: string }[];
  problems: string[];
}

export async function componentDetails(kc: KubeConfig, design: string, namespace: string, component: string, tailLines = 50): Promise<ComponentDetails> {
  const core = kc.makeApiClient(CoreV1Api);
  const problems: string[] = [];
  const selector = `${LABEL_PART_OF}=${design},${LABEL_NAME}=${component}`;
  const pods = await core.listNamespacedPod({ namespace, labelSelector: selector }).then((l) => l.items, (e) => (problems.push(`pods: ${apiFailure(e).message}`), []));
  const names = new Set([component, ...pods.map((p) => p.metadata?.name ?? '')]);
  const events = await core.listNamespacedEvent({ namespace }).then(
    (l) =>
      l.items
        .filter((e) => names.has(e.involvedObject.name ?? '') || (e.involvedObject.name ?? '').startsWith(`${component}-`))
        .map((e) => ({
          time: String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? ''),
          type: e.type ?? '',
          reason: e.reason ?? '',
          object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
          message: e.message ?? '',
        }))
        .sort((a, b) => a.time.localeCompare(b.time))
        .slice(-50),
    (e) => (problems.push(`events: ${apiFailure(e).message}`), []),
  );
  const logs: ComponentDetails['logs'] = [];
  for (const pod of pods.slice(0, 3)) {
    for (const c of pod.spec?.containers ?? []) {
      try {
        const text = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace, container: c.name, tailLines });
        logs.push({ pod: pod.metadata!.name!, container: c.name, text: String(text) });
      } catch (e) {
        logs.push({ pod: pod.metadata!.name!, container: c.name, text: `(no logs: ${apiFailure(e).message})` });
      }
    }
  }
  return { events, logs, problems };
}
