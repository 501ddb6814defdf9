/** Builds the DesignView patterns see: components with defaults applied and their relations indexed once. */
import type { Connection, Design } from './model';
import { isPatternId } from '../patterns/support/ids';
import { patternDef } from '../patterns/index';
import { withDefaults } from '../patterns/support/params';
import type { DesignView, ResolvedComponent } from '../patterns/support/types';

export const DEFAULT_NAMESPACE = 'default';

export function designView(design: Design): DesignView {
  const components = new Map<string, ResolvedComponent>();
  for (const [id, spec] of Object.entries(design.components ?? {})) {
    if (!spec || !isPatternId(spec.pattern)) continue;
    const def = patternDef(spec.pattern);
    if (!def) continue;
    components.set(id, {
      id,
      pattern: spec.pattern,
      ...(typeof spec.attachTo === 'string' ? { attachTo: spec.attachTo } : {}),
      params: withDefaults(def.params, spec),
    });
  }
  const connections = (design.connections ?? []).filter((c): c is Connection => !!c && typeof c.from === 'string' && typeof c.to === 'string');
  const outgoing = groupBy(connections, (c) => c.from);
  const incoming = groupBy(connections, (c) => c.to);
  const attached = new Map<string, ResolvedComponent[]>();
  for (const c of components.values()) {
    if (c.attachTo && patternDef(c.pattern)?.role === 'attachment') push(attached, c.attachTo, c);
  }
  const view: DesignView = {
    name: design.metadata?.name ?? 'design',
    namespace: design.metadata?.namespace ?? DEFAULT_NAMESPACE,
    nativeSidecars: design.spec?.nativeSidecars !== false,
    podSecurity: design.spec?.podSecurity ?? 'restricted',
    components,
    connections,
    get: (id) => components.get(id),
    outgoing: (id) => outgoing.get(id) ?? [],
    incoming: (id) => incoming.get(id) ?? [],
    attachments: (id) => attached.get(id) ?? [],
    def: (id) => {
      const c = components.get(id);
      return c ? patternDef(c.pattern) : undefined;
    },
    endpoint: (id) => {
      const c = components.get(id);
      const def = c && patternDef(c.pattern);
      return c && def?.endpoint ? def.endpoint(c, view) : undefined;
    },
    address: (id) => serviceAddress(view, id),
  };
  return view;
}

/** `service.namespace.svc:port` of a component that serves one, the address every client is given. */
export function serviceAddress(view: DesignView, id: string): string | undefined {
  const ep = view.endpoint(id);
  return ep ? `${ep.service}.${view.namespace}.svc:${ep.port}` : undefined;
}

/** The workload whose pod an attachment lives in (attachments may not chain). */
export function hostOf(view: DesignView, id: string): ResolvedComponent | undefined {
  const c = view.get(id);
  if (!c) return undefined;
  if (view.def(id)?.role !== 'attachment') return c;
  return c.attachTo ? view.get(c.attachTo) : undefined;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) push(m, key(it), it);
  return m;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
