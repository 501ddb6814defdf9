/**
 * What a container in a multi-container pod does, read from its image, command and config: a proxy with an upstream
 * list (ambassador), an exporter or a log shipper (adapter), or another helper (sidecar). Each guess says why.
 */
import { findListens, findServerPools, isLoopbackHost, parseAddress } from '../lint/config-text';
import type { ContainerInfo, Inventory, Workload } from './inventory';

const PROXY = /twemproxy|nutcracker|envoy|nginx|haproxy|socat|traefik/i;
const EXPORTER = /exporter/i;
const LOG_SHIPPER = /fluentd|fluent-bit|fluentbit|filebeat|promtail|vector|logstash|logspout/i;
const TAIL_FOLLOW = /\btail\s+(?:-n\s*\S+\s+)?-[fF]\s+(\S+)/;

/** A host:port (or host) a proxy forwards to, with the config it was read from. */
export interface Upstream {
  host: string;
  port: number | undefined;
  weight?: number;
  from: string;
}

export interface ProxyView {
  upstreams: Upstream[];
  /** Where the proxy listens: the first listen found (host may be undefined for all interfaces). */
  listen: { host: string | undefined; port: number } | undefined;
  /** Whole config texts, for the hash and distribution settings. */
  texts: string[];
  tool: string;
}

export const imageName = (image: string): string => image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
const shortImage = (image: string): string => imageName(image).split('/').pop() ?? image;

/** A proxy container and what it forwards to; undefined when the container is no proxy or lists no upstream. */
export function proxyView(inv: Inventory, w: Workload, c: ContainerInfo): ProxyView | undefined {
  const tool = PROXY.exec(`${c.image} ${c.argv[0] ?? ''}`)?.[0]?.toLowerCase();
  if (!tool) return undefined;
  const configs = inv.mountedConfig(w, c).map((x) => ({ from: `ConfigMap ${x.configMap} (${x.key})`, text: x.text }));
  const upstreams: Upstream[] = [];
  let listen: ProxyView['listen'];
  for (const { from, text } of configs) {
    for (const pool of findServerPools(text)) {
      for (const s of pool.servers) {
        const weight = /weight=(\d+)/.exec(lineFrom(text, s.offset))?.[1];
        upstreams.push({ ...hostPort(s.text), ...(weight ? { weight: Number(weight) } : {}), from });
      }
    }
    for (const m of text.matchAll(/address:\s*"?([^\s",}]+)"?\s*,?\s*\n?\s*port_value:\s*(\d+)/g)) upstreams.push({ host: m[1]!, port: Number(m[2]), from });
    const l = findListens(text)[0];
    if (!listen && l) {
      const a = parseAddress(l.text);
      if (a.port !== undefined) listen = { host: a.host || undefined, port: a.port };
    }
  }
  for (const arg of c.argv) {
    const connect = /^tcp[46]?(?:-connect)?:([^:,\s]+):(\d+)/i.exec(arg);
    if (connect) upstreams.push({ host: connect[1]!, port: Number(connect[2]), from: `args (${arg})` });
    const tcpListen = /^tcp[46]?-listen:(\d+)/i.exec(arg);
    if (tcpListen && !listen) listen = { host: undefined, port: Number(tcpListen[1]) };
  }
  const remote = upstreams.filter((u) => !isLoopbackHost(u.host));
  if (!remote.length) return undefined;
  if (!listen && c.ports[0]) listen = { host: undefined, port: c.ports[0] };
  return { upstreams: remote, listen, texts: configs.map((x) => x.text), tool };
}

const lineFrom = (text: string, offset: number): string => {
  const end = text.indexOf('\n', offset);
  return text.slice(offset, end < 0 ? undefined : end);
};

function hostPort(token: string): { host: string; port: number | undefined } {
  const a = parseAddress(token.replace(/^[a-z]+:\/\//, ''));
  return { host: a.host ?? token, port: a.port };
}

export type Role = 'app' | 'proxy' | 'exporter' | 'shipper' | 'helper';

export interface ContainerRole {
  container: ContainerInfo;
  role: Role;
  proxy?: ProxyView;
  /** For a shipper: the file or folder it reads. */
  logPath?: string;
  evidence: string;
}

/** Every container of the pod with its role; exactly one is the app (the first that is none of the others). */
export function containerRoles(inv: Inventory, w: Workload): ContainerRole[] {
  const guesses = w.containers.map((c) => guess(inv, w, c));
  const app = guesses.find((g) => !g.container.native && g.role === 'helper') ?? guesses.find((g) => !g.container.native) ?? guesses[0];
  return guesses.map((g) => (g === app ? { ...g, role: 'app', evidence: `${g.container.name} (${shortImage(g.container.image)}) is the application container` } : g));
}

function guess(inv: Inventory, w: Workload, c: ContainerInfo): ContainerRole {
  const what = `${c.native ? 'native sidecar' : 'container'} ${c.name} (${shortImage(c.image)})`;
  const proxy = proxyView(inv, w, c);
  if (proxy) {
    const list = proxy.upstreams.slice(0, 4).map((u) => (u.port ? `${u.host}:${u.port}` : u.host)).join(', ');
    const more = proxy.upstreams.length > 4 ? ` and ${proxy.upstreams.length - 4} more` : '';
    return { container: c, role: 'proxy', proxy, evidence: `${what} is a ${proxy.tool} proxy forwarding to ${list}${more} (${proxy.upstreams[0]!.from})` };
  }
  if (EXPORTER.test(c.image) || EXPORTER.test(c.name)) return { container: c, role: 'exporter', evidence: `${what} is a Prometheus exporter (by its image)` };
  if (LOG_SHIPPER.test(c.image)) return { container: c, role: 'shipper', evidence: `${what} is a log shipper (by its image)`, ...logPathOf(c) };
  const tail = TAIL_FOLLOW.exec(c.argv.join(' '));
  if (tail && c.mounts.some((m) => tail[1]!.startsWith(m.mountPath))) {
    return { container: c, role: 'shipper', logPath: tail[1]!, evidence: `${what} follows the log file ${tail[1]} on a shared volume (tail -F) and passes its lines on` };
  }
  return { container: c, role: 'helper', evidence: `${what} is a helper container that is neither a proxy, an exporter nor a log shipper` };
}

function logPathOf(c: ContainerInfo): { logPath?: string } {
  const m = c.mounts.find((x) => /log/i.test(x.mountPath)) ?? c.mounts[0];
  return m ? { logPath: m.mountPath } : {};
}

/** twemproxy's `hash:`/`distribution:`/`redis:` settings, when a config names them. */
export function twemproxySettings(texts: readonly string[]): { hash?: string; distribution?: string; redis?: boolean } {
  const all = texts.join('\n');
  const hash = /^\s*hash:\s*([a-z0-9_]+)/m.exec(all)?.[1];
  const distribution = /^\s*distribution:\s*([a-z]+)/m.exec(all)?.[1];
  const redis = /^\s*redis:\s*(true|false)/m.exec(all)?.[1];
  return { ...(hash ? { hash } : {}), ...(distribution ? { distribution } : {}), ...(redis ? { redis: redis === 'true' } : {}) };
}

export const isLoopback = (host: string | undefined): boolean => host !== undefined && isLoopbackHost(host);
