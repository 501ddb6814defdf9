/** Real configuration for the off-the-shelf proxies the patterns use: twemproxy (nutcracker) and nginx. */
import { container, resources } from '../../k8s/builders';
import type { Diagnostic, RuleDoc } from '../../diagnostics';
import type { Container, Volume } from '../../k8s/types';
import type { ParamSpec, RuleContext } from './types';

/** The book uses ganomede/twemproxy, which publishes no version tag; this one is pinned. */
export const TWEMPROXY_IMAGE = 'quay.io/3scale/twemproxy:v0.5.0';
export const NGINX_IMAGE = 'nginx:1.27';

/** A proxy is small: requests and a memory limit so it is scheduled and bounded like the app. */
export const proxyResources = () => resources('50m', '64Mi');

/** twemproxy's key hash functions. */
export const HASHES = ['one_at_a_time', 'md5', 'crc16', 'crc32', 'crc32a', 'fnv1_64', 'fnv1a_64', 'fnv1_32', 'fnv1a_32', 'hsieh', 'murmur', 'jenkins'] as const;
/** twemproxy's key distributions: ketama is consistent hashing; modula is hash % N; random ignores the key. */
export const DISTRIBUTIONS = ['ketama', 'modula', 'random'] as const;

// murmur, not the book's fnv1a_64: twemproxy's ketama leaves a shard empty with fnv1a_64 (PC069).
export const hashParam = { type: 'enum', doc: 'Hash function applied to each key.', enum: HASHES, default: 'murmur' } as const satisfies ParamSpec;

/**
 * Hashes whose values twemproxy's ketama ring spreads badly, measured with the real nutcracker 0.5.0 over three
 * Redis shards named as the generator names them (test/images/twemproxy-hashes.test.ts checks these figures):
 * each leaves one shard without any of key-1…key-60. These hashes differ little for short, similar keys (crc32 keeps
 * 15 bits; the 64-bit FNVs are computed in 32 bits with the prime's low word), so such keys fall in one arc.
 */
const SKEWED_KETAMA_HASHES: Readonly<Record<string, string>> = {
  crc16: 'key-1…key-60 all went to one of three shards',
  crc32: 'every key went to one of three shards (60/0/0, and 1000/0/0 for user:1…user:1000)',
  fnv1_64: 'key-1…key-60 all went to one of three shards, user:1…user:1000 split 1/0/999',
  fnv1a_64: 'key-1…key-60 went 51/9/0 over three shards, user:1…user:1000 499/400/101',
};

/** PC069: a hash the ketama ring spreads unevenly (the twemproxy config of a shard router). */
export function ketamaHashRule(ctx: RuleContext<{ readonly hash: string; readonly distribution: string }>, who: string): Diagnostic[] {
  const { hash, distribution } = ctx.component.params;
  const measured = SKEWED_KETAMA_HASHES[hash];
  if (distribution !== 'ketama' || !measured) return [];
  return [{
    code: 'PC069',
    severity: 'warning',
    message: `${who} hashes keys with ${hash}, which twemproxy's ketama spreads unevenly: measured with nutcracker, ${measured}. Use murmur (19/20/21 and 336/316/348 on the same keys). Changing the hash of a running design moves most keys to another shard.`,
    path: ctx.at('hash'),
    fix: { kind: 'set', path: ctx.at('hash'), value: 'murmur', title: 'Hash keys with murmur' },
  }];
}

export const KETAMA_HASH_DOC: RuleDoc = {
  code: 'PC069', severity: 'warning', title: 'Hash skews the ketama ring',
  doc: 'twemproxy\'s crc16, crc32, fnv1_64 and fnv1a_64 (the book\'s choice) change little for similar keys, so with ketama they land in one arc of the ring: measured with nutcracker over three shards, key-1…key-60 left a shard empty with each. murmur, md5, jenkins, hsieh, one_at_a_time, crc32a and the 32-bit FNVs spread them; murmur is the default.',
};
export const distributionParam = {
  type: 'enum',
  doc: 'How hashed keys map to shards: ketama (consistent hashing), modula (hash % shards) or random.',
  enum: DISTRIBUTIONS,
  default: 'ketama',
} as const satisfies ParamSpec;

export interface TwemproxyPool {
  /** Pool name: the top-level key of the YAML file. */
  name: string;
  /** host:port the proxy listens on. */
  listen: string;
  hash: string;
  distribution: string;
  redis: boolean;
  timeoutMs: number;
  /** host:port of each shard, in shard order. */
  servers: string[];
}

/** nutcracker.yaml for one pool; each server line is `host:port:weight`. */
export function twemproxyConfig(p: TwemproxyPool): string {
  return [
    `${p.name}:`,
    `  listen: ${p.listen}`,
    `  hash: ${p.hash}`,
    `  distribution: ${p.distribution}`,
    '  auto_eject_hosts: true',
    `  redis: ${p.redis}`,
    `  timeout: ${p.timeoutMs}`,
    '  server_retry_timeout: 2000',
    '  server_failure_limit: 1',
    '  servers:',
    ...p.servers.map((s) => `    - ${s}:1`),
    '',
  ].join('\n');
}

export const TWEMPROXY_CONFIG_KEY = 'nutcracker.yaml';
const TWEMPROXY_CONFIG_DIR = '/etc/nutcracker';

/**
 * The nutcracker container reading its config from the ConfigMap volume `volume`; stats on statsAddr:statsPort.
 * `port` is declared only when the proxy listens on the pod's address (a localhost listener is not a pod port).
 */
export function twemproxyContainer(name: string, image: string, port: number | undefined, volume: string, stats: { port: number; addr: string }): Container {
  return container(name, image, port, {
    resources: proxyResources(),
    // Log to the container's stderr: Debian's build defaults to a file under /var/log, on a read-only root filesystem.
    command: ['nutcracker', '-c', `${TWEMPROXY_CONFIG_DIR}/${TWEMPROXY_CONFIG_KEY}`, '-s', String(stats.port), '-a', stats.addr, '-v', '6', '-o', '/dev/stderr'],
    volumeMounts: [{ name: volume, mountPath: TWEMPROXY_CONFIG_DIR, readOnly: true }],
  });
}

export const NGINX_CONFIG_KEY = 'nginx.conf';

/** A complete nginx.conf: `events` plus the given top-level blocks (http or stream); directives end with `;`. */
export function nginxConf(blocks: string[][]): string {
  return ['worker_processes 1;', '', 'events {', '  worker_connections 1024;', '}', '', ...blocks.flatMap((b) => [...b, '']), ''].join('\n').replace(/\n+$/, '\n');
}

/** Indent lines of a block body by two spaces. */
export const indent = (lines: string[], by = '  '): string[] => lines.map((l) => (l ? by + l : l));

/** nginx replacing its whole nginx.conf with the ConfigMap key, so no default server on port 80 comes along. */
export function nginxContainer(name: string, image: string, port: number | undefined, volume: string): Container {
  return container(name, image, port, {
    resources: proxyResources(),
    volumeMounts: [{ name: volume, mountPath: `/etc/nginx/${NGINX_CONFIG_KEY}`, subPath: NGINX_CONFIG_KEY, readOnly: true }],
  });
}

export const configVolume = (volume: string, configMap: string): Volume => ({ name: volume, configMap: { name: configMap } });

/** nginx's variable for a request header: `X-User-Id` -> `$http_x_user_id`. */
export const headerVariable = (header: string): string => `$http_${header.toLowerCase().replace(/-/g, '_')}`;
