/** A design's live status in one call: what its components should have, and who lives in whose pods. */
import type { Design } from '../design/model';
import { generate } from '../generate/generate';
import { designView } from '../design/view';
import type { K8sObject } from '../k8s/types';
import { type ComponentStatus, componentStatuses } from './component';

export interface StatusModel {
  expected: Map<string, { kind: string; name: string }[]>;
  hosts: Map<string, string>;
}

export function statusModel(design: Design): StatusModel {
  const expected = new Map(generate(design).components.map((c) => [c.id, c.objects.map((o) => ({ kind: o.kind, name: o.metadata.name }))]));
  const view = designView(design);
  const hosts = new Map<string, string>();
  for (const c of view.components.values()) if (view.def(c.id)?.role === 'attachment' && c.attachTo) hosts.set(c.id, c.attachTo);
  return { expected, hosts };
}

export function designStatuses(design: Design, live: readonly K8sObject[], model: StatusModel = statusModel(design), now = Date.now()): Map<string, ComponentStatus> {
  return componentStatuses(model.expected, live, design.metadata.name, model.hosts, now);
}
