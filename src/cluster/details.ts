/** Events and recent logs of a component, for the "click a block" view. */
import type { KubeConfig } from '@kubernetes/client-node';
import { LABEL_NAME, LABEL_PART_OF } from '../core/generate/labels';
import type { K8sObject } from '../core/k8s/types';
import { apiFailure } from './errors';
import { noLogs } from './no-logs';
import { KubeRest } from './rest';

export interface ComponentDetails {
  events: { time: string; type: string; reason: string; object: string; message: string }[];
  logs: { pod: string; container: string; text: string }[];
  problems: string[];
}

type Pod = K8sObject & { spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string; restartPolicy?: string }[] } };
type Event = K8sObject & {
  involvedObject: { kind?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  lastTimestamp?: string;
  eventTime?: string;
};

export async function componentDetails(kc: KubeConfig, design: string, namespace: string, component: string, tailLines = 50): Promise<ComponentDetails> {
  const api = new KubeRest(kc);
  try {
    const problems: string[] = [];
    const selector = `${LABEL_PART_OF}=${design},${LABEL_NAME}=${component}`;
    const pods = (await api.list('v1', 'Pod', namespace, selector).catch((e: unknown) => (problems.push(`pods: ${apiFailure(e).message}`), []))) as Pod[];
    const names = new Set([component, ...pods.map((p) => p.metadata.name)]);
    const events = ((await api.list('v1', 'Event', namespace, '').catch((e: unknown) => (problems.push(`events: ${apiFailure(e).message}`), []))) as Event[])
      .filter((e) => names.has(e.involvedObject.name ?? '') || (e.involvedObject.name ?? '').startsWith(`${component}-`))
      .map((e) => ({
        time: String(e.lastTimestamp ?? e.eventTime ?? (e.metadata as { creationTimestamp?: string }).creationTimestamp ?? ''),
        type: e.type ?? '',
        reason: e.reason ?? '',
        object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
        message: e.message ?? '',
      }))
      // Newest first, as VS Code lists what just happened.
      .sort((a, b) => b.time.localeCompare(a.time))
      .slice(0, 50);
    const logs: ComponentDetails['logs'] = [];
    for (const pod of pods.slice(0, 3)) {
      // Native sidecars (init containers that keep running) log like the others.
      const containers = [...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
      for (const c of containers) {
        const query = new URLSearchParams({ container: c.name, tailLines: String(tailLines) });
        const text = await api.text(`${await api.path('v1', 'Pod', namespace, pod.metadata.name)}/log?${query}`).catch((e: unknown) => `(${noLogs(apiFailure(e).message, pod.spec?.nodeName)})`);
        logs.push({ pod: pod.metadata.name, container: c.name, text });
      }
    }
    return { events, logs, problems };
  } finally {
    api.dispose();
  }
}

