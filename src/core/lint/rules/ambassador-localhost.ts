import { LABEL_COMPONENT } from '../../generate/labels';
import { findListens, flagValues, locateInScalar, loopbackAddress } from '../config-text';
import { sameNamespace, type ContainerView, type ManifestObject, type ManifestSet } from '../model';
import { entries, get, items, str } from '../nodes';
import type { LintRule, Report } from '../rule';


export const isAmbassadorName = (name: string): boolean =>
  name === 'ambassador' || name.startsWith('ambassador-') || name.endsWith('-ambassador');

/**
 * Ambassador containers of a pod: those named like one, and, in a pod marked `app.kubernetes.io/component:
 * ambassador` that has several containers, every container but the first (the app). A one-container pod marked so
 * is a shared router behind a Service, which must listen on the pod's address.
 */
function ambassadorsOf(obj: ManifestObject): ContainerView[] {
  const pod = obj.pod;
  if (!pod) return [];
  const running = pod.containers.filter((c) => c.longRunning);
  const marked = pod.labels[LABEL_COMPONENT] === 'ambassador' || pod.annotations[LABEL_COMPONENT] === 'ambassador';
  // `running` lists the regular containers first, so the app is first in both forms; a native sidecar (a
  // restartable init container) is an ambassador like the regular container of the old form.
  return running.filter((c, i) => isAmbassadorName(c.name) || (marked && running.length > 1 && i > 0));
}

/** Names of the ConfigMaps a container mounts (directly or through a projected volume). */
function mountedConfigMaps(obj: ManifestObject, c: ContainerView): Set<string> {
  const volumes = new Map(items(get(obj.pod?.spec, 'volumes')).map((v) => [str(get(v, 'name')) ?? '', v]));
  const out = new Set<string>();
  for (const mount of items(get(c.node, 'volumeMounts'))) {
    const volume = volumes.get(str(get(mount, 'name')) ?? '');
    const direct = str(get(get(volume, 'configMap'), 'name'));
    if (direct) out.add(direct);
    for (const source of items(get(get(volume, 'projected'), 'sources'))) {
      const projected = str(get(get(source, 'configMap'), 'name'));
      if (projected) out.add(projected);
    }
  }
  return out;
}

const LISTEN_FLAG = /^(--?(?:listen|listen-addr|listen-address|bind|bind-addr|bind-address|addr|address))(?:=(.*))?$/;

function checkArgs(obj: ManifestObject, c: ContainerView, report: Report): void {
  for (const { match: m, inline, node, token, path } of flagValues(c, LISTEN_FLAG, 2)) {
    if (!node || !token.text) continue;
    const bound = loopbackAddress(token.text);
    if (bound === undefined) continue;
    const range = locateInScalar(obj, node, token);
    report('PC131', {
      object: obj,
      node,
      range,
      path,
      message: `Ambassador "${c.name}" listens on ${token.text}, beyond localhost; the app reaches it on 127.0.0.1, and nobody else should.`,
      fix: range ? { kind: 'set', path, value: inline ? `${m[1]}=${bound}` : bound, title: 'Bind the ambassador to 127.0.0.1' } : undefined,
    });
  }
}

function checkConfigMaps(set: ManifestSet, obj: ManifestObject, c: ContainerView, report: Report, seen: Set<string>): void {
  const names = mountedConfigMaps(obj, c);
  if (names.size === 0) return;
  for (const cm of [...names].flatMap((name) => set.named('ConfigMap', name))) {
    if (cm.parsed.hasErrors || !sameNamespace(cm, obj)) continue;
    for (const [key, node] of entries(get(cm.root, 'data'))) {
      const config = str(node);
      if (!node || config === undefined) continue;
      for (const token of findListens(config)) {
        const bound = loopbackAddress(token.text);
        if (bound === undefined) continue;
        const range = locateInScalar(cm, node, token);
        const id = `${cm.parsed.base}:${key}:${token.offset}`;
        if (seen.has(id)) continue;
        seen.add(id);
        report('PC131', {
          object: cm,
          node,
          range,
          path: ['data', key],
          alsoIgnoredBy: [obj],
          message: `Ambassador "${c.name}" of ${obj.kind} "${obj.name}" listens on ${token.text}, beyond localhost (ConfigMap "${cm.name}", ${key}); bind it to 127.0.0.1.`,
          fix: range ? { kind: 'set', path: ['data', key], value: config.slice(0, token.offset) + bound + config.slice(token.offset + token.text.length), title: 'Bind the ambassador to 127.0.0.1' } : undefined,
        });
      }
    }
  }
}

export const ambassadorLocalhostRule: LintRule = {
  docs: [
    {
      code: 'PC131',
      severity: 'warning',
      title: 'Ambassador listens beyond localhost',
      doc: 'An ambassador container (named `ambassador`, `ambassador-*` or `*-ambassador`, or any container after the first in a pod labelled or annotated app.kubernetes.io/component: ambassador) listens on an address other than 127.0.0.1: a `listen` in a ConfigMap it mounts (twemproxy `listen: 0.0.0.0:6379`, nginx `listen 6379;`) or a --listen/--bind/--address flag. The app reaches its ambassador on localhost; anything else exposes the proxy to the whole cluster. Adapters are not checked: their standard interface (metrics, health) must be reachable by Prometheus and the kubelet.',
    },
  ],
  check(set, report) {
    const seen = new Set<string>();
    for (const obj of set.objects) {
      for (const c of ambassadorsOf(obj)) {
        checkArgs(obj, c, report);
        checkConfigMaps(set, obj, c, report, seen);
      }
    }
  },
};
