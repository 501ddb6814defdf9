import type { Node } from 'yaml';
import { findServerPools, locateInScalar, parseAddress, type ConfigToken } from '../config-text';
import { portsOf, replicasOf, sameNamespace, type ManifestObject, type ManifestSet } from '../model';
import { entries, get, getIn, str } from '../nodes';
import type { LintRule, Report } from '../rule';

/** `S-i.H[.ns.svc...]`: pod i of StatefulSet S behind headless Service H. */
const SHARD_HOST = /^(.+)-(\d+)\.([^.]+)(?:\.|$)/;

interface ShardServer {
  token: ConfigToken;
  ordinal: number;
  service: string;
  port: number | undefined;
}

function checkPool(cm: ManifestObject, key: string, node: Node, sts: ManifestObject, servers: ShardServer[], report: Report): void {
  const at = (s: ShardServer) => ({ object: cm, node, path: ['data', key], range: locateInScalar(cm, node, s.token) });
  const shards = replicasOf(sts).count;
  const serviceName = str(getIn(sts.root, ['spec', 'serviceName']));
  const ports = sts.pod ? new Set(portsOf(sts.pod).map((p) => p.number)) : new Set<number>();
  const seen = new Set<number>();
  for (const s of servers) {
    const host = `${sts.name}-${s.ordinal}`;
    if (s.ordinal >= shards) {
      report('PC136', { ...at(s), message: `${s.token.text}: StatefulSet "${sts.name}" has ${shards} replica(s) (${sts.name}-0..${sts.name}-${shards - 1}); ${host} does not exist.` });
    } else if (seen.has(s.ordinal)) {
      report('PC136', { ...at(s), message: `${s.token.text}: shard ${host} is listed twice.` });
    }
    seen.add(s.ordinal);
    if (serviceName && s.service !== serviceName) {
      report('PC136', { ...at(s), message: `${s.token.text}: the pods of StatefulSet "${sts.name}" are named under Service "${serviceName}" (spec.serviceName), not "${s.service}".` });
    }
    if (s.port !== undefined && ports.size > 0 && !ports.has(s.port)) {
      report('PC136', { ...at(s), message: `${s.token.text}: StatefulSet "${sts.name}" listens on ${[...ports].join(', ')}, not ${s.port}.` });
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < shards && missing.length <= 5; i++) if (!seen.has(i)) missing.push(`${sts.name}-${i}.${serviceName ?? sts.name}`);
  const first = servers[0];
  if (missing.length > 0 && first) {
    report('PC136', {
      ...at(first),
      message: `The server list names ${seen.size} of the ${shards} shards of StatefulSet "${sts.name}"; missing ${missing.join(', ')}${missing.length > 5 ? ', ...' : ''}.`,
    });
  }
}

function checkConfigMap(set: ManifestSet, cm: ManifestObject, report: Report): void {
  for (const [key, node] of entries(get(cm.root, 'data'))) {
    const config = str(node);
    if (!node || !config) continue;
    for (const pool of findServerPools(config)) {
      const byStatefulSet = new Map<ManifestObject, ShardServer[]>();
      for (const token of pool.servers) {
        const address = parseAddress(token.text);
        const m = SHARD_HOST.exec(address.host);
        if (!m) continue;
        const sts = set.named('StatefulSet', m[1] ?? '').find((s) => sameNamespace(s, cm));
        if (!sts) continue;
        const list = byStatefulSet.get(sts) ?? [];
        list.push({ token, ordinal: Number(m[2]), service: m[3] ?? '', port: address.port });
        byStatefulSet.set(sts, list);
      }
      for (const [sts, servers] of byStatefulSet) checkPool(cm, key, node, sts, servers, report);
    }
  }
}

export const shardRouterRule: LintRule = {
  docs: [
    {
      code: 'PC136',
      severity: 'error',
      title: 'Sharding router servers do not match the shards',
      doc: 'A router config in a ConfigMap (twemproxy `servers:` list or nginx `upstream` block) lists servers named S-i.H for a StatefulSet S of this file. It must name each shard exactly once (i = 0..replicas-1), under the StatefulSet\'s headless Service H (spec.serviceName), on a port the shards declare; otherwise keys are routed to hosts that do not exist or some shards get no keys.',
    },
  ],
  check(set, report) {
    if (set.ofKind('StatefulSet').length === 0) return;
    for (const cm of set.objects) if (cm.kind === 'ConfigMap') checkConfigMap(set, cm, report);
  },
};
