/** NetworkPolicies that allow exactly the drawn connections into each connection target. */
import type { K8sObject } from '../k8s/types';
import type { ResolvedComponent } from '../patterns/support/types';
import type { DesignView } from '../patterns/support/types';
import { selectorLabels, standardLabels } from './labels';
import { podTemplateOf } from './secure';
import { hostOf } from '../design/view';

/**
 * A component that something connects to accepts traffic only from its own pods, from the pods of the
 * components drawn towards it, and from the clients its pattern names (a queue's readers). Components nobody
 * connects to are entry points and get no policy. Infrastructure never opens connections, so an edge out of a
 * queue does not make its target a server.
 */
export function networkPolicies(view: DesignView): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const target of view.components.values()) {
    if (view.def(target.id)?.role === 'attachment' || target.pattern === 'manifest') continue;
    // A manifest block's pods carry no standard labels, so no policy could admit them: its targets stay open.
    if (view.incoming(target.id).some((c) => view.get(c.from)?.pattern === 'manifest')) continue;
    const sources = new Set<string>();
    for (const conn of view.incoming(target.id)) {
      const src = hostOf(view, conn.from);
      if (src && src.id !== target.id && view.def(src.id)?.role !== 'infrastructure') sources.add(src.id);
    }
    for (const id of view.def(target.id)?.clients?.(target, view) ?? []) {
      const src = hostOf(view, id);
      if (src && src.id !== target.id) sources.add(src.id);
    }
    if (sources.size === 0) continue;
    const from = [target.id, ...[...sources].sort()].map((id) => ({ podSelector: { matchLabels: selectorLabels(view.name, id) } }));
    out.set(target.id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: `${target.id}-ingress`,
        namespace: view.namespace,
        labels: standardLabels(view.name, target.id, target.pattern),
      },
      spec: {
        podSelector: { matchLabels: selectorLabels(view.name, target.id) },
        policyTypes: ['Ingress'],
        ingress: [{ from }],
      },
    });
  }
  return out;
}

/**
 * The policy of a component nobody connects to (an entry point, or a pod that serves nothing): its pods accept
 * connections from anywhere on the ports their containers declare, and nothing on other ports. A batch worker
 * declares none, so it accepts no connections at all. Without it a namespace's default-deny policy would cut
 * entry points off, and with none the pods are open on every port.
 */
export function entryPolicy(view: DesignView, component: ResolvedComponent, objects: readonly K8sObject[]): K8sObject | undefined {
  const templates = objects.flatMap((o) => podTemplateOf(o) ?? []);
  if (templates.length === 0) return undefined;
  const ports = new Map<string, { port: number; protocol: string }>();
  for (const t of templates) {
    for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
      for (const p of c.ports ?? []) ports.set(`${p.containerPort}/${p.protocol ?? 'TCP'}`, { port: p.containerPort, protocol: p.protocol ?? 'TCP' });
    }
  }
  const sorted = [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${component.id}-ingress`, namespace: view.namespace, labels: standardLabels(view.name, component.id, component.pattern) },
    spec: {
      podSelector: { matchLabels: selectorLabels(view.name, component.id) },
      policyTypes: ['Ingress'],
      ingress: sorted.length ? [{ ports: sorted }] : [],
    },
  };
}
