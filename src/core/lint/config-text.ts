/**
 * Reading the proxy configs that ConfigMaps carry (twemproxy's YAML, nginx), and pointing into them: offsets found
 * in a config string are mapped back to the manifest text so a diagnostic marks the exact address.
 */
import { isScalar, type Node } from 'yaml';
import type { DocPath, Range } from '../diagnostics';
import type { ContainerView, ManifestObject } from './model';
import { get, items, str } from './nodes';

/** A token found in a config string: [offset, offset + text.length) of the string. */
export interface ConfigToken {
  offset: number;
  text: string;
}

export interface Address {
  host: string;
  port: number | undefined;
  unix: boolean;
}

/** Parse a listen/server address: `6379`, `0.0.0.0:6379`, `*:80`, `[::1]:80`, `localhost`, `unix:/x`, `/tmp/sock`. */
export function parseAddress(token: string): Address {
  if (token.startsWith('/') || token.startsWith('unix:')) return { host: '', port: undefined, unix: true };
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(token);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ? Number(v6[2]) : undefined, unix: false };
  if (/^\d+$/.test(token)) return { host: '', port: Number(token), unix: false };
  const colon = token.lastIndexOf(':');
  if (colon < 0) return { host: token, port: undefined, unix: false };
  const port = Number(token.slice(colon + 1));
  return { host: token.slice(0, colon), port: Number.isInteger(port) ? port : undefined, unix: false };
}

export const isLoopbackHost = (host: string): boolean => /^127(\.\d{1,3}){3}$/.test(host) || host === 'localhost' || host === '::1';

/** The same address bound to 127.0.0.1, or undefined when it already is local (loopback or a unix socket). */
export function loopbackAddress(token: string): string | undefined {
  const a = parseAddress(token);
  if (a.unix || isLoopbackHost(a.host)) return undefined;
  return a.port === undefined ? '127.0.0.1' : `127.0.0.1:${a.port}`;
}

interface Line {
  offset: number;
  text: string;
  indent: number;
}

/** Lines with comments cut off (a `#` at line start or after whitespace). */
function codeLines(config: string): Line[] {
  const out: Line[] = [];
  let offset = 0;
  for (const raw of config.split('\n')) {
    const hash = raw.search(/(^|\s)#/);
    const text = hash < 0 ? raw : raw.slice(0, hash);
    out.push({ offset, text, indent: text.length - text.trimStart().length });
    offset += raw.length + 1;
  }
  return out;
}

/** Listen addresses in a config: twemproxy's `listen: host:port` and nginx's `listen host:port ...;`. */
export function findListens(config: string): ConfigToken[] {
  const out: ConfigToken[] = [];
  if (!config.includes('listen')) return out;
  for (const line of codeLines(config)) {
    const yamlStyle = /^([ \t]*listen[ \t]*:[ \t]*["']?)([^\s"',]+)/.exec(line.text);
    if (yamlStyle) {
      out.push({ offset: line.offset + (yamlStyle[1]?.length ?? 0), text: yamlStyle[2] ?? '' });
      continue;
    }
    const nginx = /(^|[\s;{])listen[ \t]+([^\s;]+)/g;
    for (let m = nginx.exec(line.text); m; m = nginx.exec(line.text)) {
      const token = m[2] ?? '';
      out.push({ offset: line.offset + m.index + m[0].length - token.length, text: token });
    }
  }
  return out;
}

export interface ServerPool {
  name: string;
  servers: ConfigToken[];
}

/** twemproxy pools: `servers:` followed by `- host:port:weight [name]` items; the token is `host:port`. */
function twemproxyPools(config: string): ServerPool[] {
  const pools: ServerPool[] = [];
  const lines = codeLines(config);
  let pool = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const top = /^([^\s:#][^:]*):\s*$/.exec(line.text);
    if (top && line.indent === 0) pool = top[1] ?? '';
    if (!/^\s*servers\s*:\s*$/.test(line.text)) continue;
    const servers: ConfigToken[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const item = lines[j] as Line;
      if (item.text.trim() === '') continue;
      const m = /^([ \t]*-[ \t]+["']?)([^\s"':]+):(\d+)/.exec(item.text);
      if (!m || item.indent < line.indent) break;
      servers.push({ offset: item.offset + (m[1]?.length ?? 0), text: `${m[2]}:${m[3]}` });
    }
    pools.push({ name: pool, servers });
  }
  return pools;
}

/** nginx `upstream name { server host:port ...; }` blocks. */
function nginxPools(config: string): ServerPool[] {
  const pools: ServerPool[] = [];
  const upstream = /\bupstream\s+([^\s{]+)\s*\{/g;
  for (let m = upstream.exec(config); m; m = upstream.exec(config)) {
    const bodyStart = m.index + m[0].length;
    const close = config.indexOf('}', bodyStart);
    const body = config.slice(bodyStart, close < 0 ? config.length : close);
    const servers: ConfigToken[] = [];
    const server = /(^|[\s;{])server\s+([^\s;]+)/g;
    for (let s = server.exec(body); s; s = server.exec(body)) {
      const token = s[2] ?? '';
      servers.push({ offset: bodyStart + s.index + s[0].length - token.length, text: token });
    }
    pools.push({ name: m[1] ?? '', servers });
  }
  return pools;
}

export function findServerPools(config: string): ServerPool[] {
  const pools: ServerPool[] = [];
  if (config.includes('servers')) pools.push(...twemproxyPools(config));
  if (config.includes('upstream')) pools.push(...nginxPools(config));
  return pools;
}

/**
 * Map a token of a scalar's value back to the manifest text. Found by searching the scalar's source for the same
 * occurrence of the token, then checked; undefined when escapes or folding make the source differ.
 */
export function locateInScalar(obj: ManifestObject, node: Node, token: ConfigToken): Range | undefined {
  const value = str(node);
  if (value === undefined || !isScalar(node) || !node.range) return undefined;
  let nth = 0;
  for (let i = value.indexOf(token.text); i >= 0 && i < token.offset; i = value.indexOf(token.text, i + token.text.length)) nth++;
  const { src, base } = obj.parsed;
  let from = node.range[0];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') from = src.indexOf('\n', from) + 1 || node.range[1];
  let at = src.indexOf(token.text, from);
  for (let k = 0; k < nth && at >= 0; k++) at = src.indexOf(token.text, at + token.text.length);
  if (at < 0 || at + token.text.length > node.range[1]) return undefined;
  return { start: base + at, end: base + at + token.text.length };
}

/** One `--flag=value` or `--flag value` in a container's command or args. */
export interface FlagValue {
  match: RegExpExecArray;
  /** `--flag=value`: the value is in the flag's own item; otherwise it is the next item. */
  inline: boolean;
  /** The item that holds the value (undefined when a separate value is missing). */
  node: Node | undefined;
  /** The value and its offset in `node`'s text. */
  token: ConfigToken;
  path: DocPath;
}

/**
 * The flags `flag` matches in `command` and `args`. Group 1 of `flag` is the flag itself, `valueGroup` the inline
 * value after `=`.
 */
export function flagValues(c: ContainerView, flag: RegExp, valueGroup: number): FlagValue[] {
  const out: FlagValue[] = [];
  for (const field of ['command', 'args']) {
    const args = items(get(c.node, field));
    args.forEach((arg, i) => {
      const match = flag.exec(str(arg) ?? '');
      if (!match) return;
      const inline = match[valueGroup] !== undefined;
      const node = inline ? arg : args[i + 1];
      const token = inline ? { offset: (match[1]?.length ?? 0) + 1, text: match[valueGroup]! } : { offset: 0, text: str(node) ?? '' };
      out.push({ match, inline, node, token, path: [...c.path, field, inline ? i : i + 1] });
    });
  }
  return out;
}
