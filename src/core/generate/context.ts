/** The ExpandContext a pattern's expand()/attach() receives: labels, metadata and the merged pod template. */
import type { Container, EnvVar, Labels, ObjectMeta, PodSpec, PodTemplate, ServicePort } from '../k8s/types';
import type { DesignView, ExpandContext, PodContribution, PodTemplateOptions, ResolvedComponent } from '../patterns/support/types';
import { envPrefix } from '../patterns/support/serving-common';
import { selectorLabels, standardLabels } from './labels';
import { securePodTemplate } from './secure';

export function expandContext(
  view: DesignView,
  component: ResolvedComponent,
  contributions: ReadonlyMap<string, PodContribution>,
): ExpandContext {
  const labels = (extra?: Labels): Labels => ({ ...standardLabels(view.name, component.id, component.pattern), ...extra });
  const selector = selectorLabels(view.name, component.id);
  const attached = (): PodContribution[] =>
    view.attachments(component.id).flatMap((a) => {
      const c = contributions.get(a.id);
      return c ? [c] : [];
    });

  const meta = (name: string, extra?: { labels?: Labels; annotations?: Labels }): ObjectMeta => ({
    name,
    namespace: view.namespace,
    labels: labels(extra?.labels),
    ...(extra?.annotations && Object.keys(extra.annotations).length ? { annotations: extra.annotations } : {}),
  });

  const podTemplate = (spec: PodSpec, extraLabels?: Labels, opts: PodTemplateOptions = {}): PodTemplate => {
    const extras = opts.attachments === false ? [] : attached();
    const env = [...(opts.connections === false ? [] : connectionEnv(view, component.id)), ...extras.flatMap((x) => x.hostEnv ?? [])];
    const mounts = extras.flatMap((x) => x.hostVolumeMounts ?? []);
    const own = spec.containers.map((c) => withAdditions(c, env, mounts));
    const annotations = Object.assign({}, ...extras.map((x) => x.podAnnotations ?? {}), opts.annotations) as Labels;
    const volumes = [...(spec.volumes ?? []), ...extras.flatMap((x) => x.volumes ?? [])];
    const attachedContainers = extras.flatMap((x) => x.containers);
    // Native sidecars start (and, with a startup probe, are ready) before the app, and do not keep a Job's pod alive.
    const sidecars = view.nativeSidecars ? attachedContainers.map((c) => ({ ...c, restartPolicy: 'Always' as const })) : [];
    const initContainers = [...(spec.initContainers ?? []), ...extras.flatMap((x) => x.initContainers ?? []), ...sidecars];
    const shareProcessNamespace = spec.shareProcessNamespace || extras.some((x) => x.shareProcessNamespace);
    return {
      metadata: { labels: labels(extraLabels), ...(Object.keys(annotations).length ? { annotations } : {}) },
      spec: {
        ...spec,
        ...(shareProcessNamespace ? { shareProcessNamespace: true } : {}),
        ...(initContainers.length ? { initContainers } : {}),
        containers: [...own, ...(view.nativeSidecars ? [] : attachedContainers)],
        ...(volumes.length ? { volumes } : {}),
      },
    };
  };

  const servicePorts = (own: ServicePort[]): ServicePort[] => {
    const extras = attached();
    const base = extras.some((x) => x.hidesHostPorts) ? [] : own;
    return [...base, ...extras.flatMap((x) => x.servicePorts ?? [])];
  };

  const secured = (t: PodTemplate): PodTemplate => securePodTemplate(view.podSecurity, t);

  return { component, design: view, labels, selector, meta, podTemplate, servicePorts, secured };
}

/** What a client of a queue speaks: its kind (nats, redis, kafka), or an external URL's scheme (as QUEUE_KIND). */
function queueKind(q: ResolvedComponent): string {
  if (q.params.kind !== 'external') return String(q.params.kind);
  const url = typeof q.params.url === 'string' ? /^([a-z][a-z0-9+.-]*):\/\/[^/:?#\s]+(?::\d{1,5})?(?:[/?#].*)?$/i.exec(q.params.url.trim()) : null;
  return url ? url[1]!.toLowerCase() : 'external';
}

/**
 * A connection names its target's Service through the environment: <TARGET>_ADDR=host:port (and _TOPIC); a queue
 * also says which protocol it speaks (<TARGET>_KIND), since a client cannot tell from the address.
 */
export function connectionEnv(view: DesignView, id: string): EnvVar[] {
  const env: EnvVar[] = [];
  for (const conn of view.outgoing(id)) {
    const address = view.address(conn.to);
    const prefix = envPrefix(conn.to);
    const target = view.get(conn.to);
    if (address) env.push({ name: `${prefix}_ADDR`, value: address });
    if (address && target?.pattern === 'queue') env.push({ name: `${prefix}_KIND`, value: queueKind(target) });
    if (conn.topic) env.push({ name: `${prefix}_TOPIC`, value: conn.topic });
  }
  return dedupeEnv(env);
}

function withAdditions(c: Container, env: EnvVar[], mounts: NonNullable<Container['volumeMounts']>): Container {
  const allEnv = dedupeEnv([...(c.env ?? []), ...env]);
  const allMounts = [...(c.volumeMounts ?? []), ...mounts];
  return {
    ...c,
    ...(allEnv.length ? { env: allEnv } : {}),
    ...(allMounts.length ? { volumeMounts: allMounts } : {}),
  };
}

function dedupeEnv(env: EnvVar[]): EnvVar[] {
  const seen = new Set<string>();
  return env.filter((e) => (seen.has(e.name) ? false : (seen.add(e.name), true)));
}
