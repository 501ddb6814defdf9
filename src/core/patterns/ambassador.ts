/** Ambassador: the app talks to localhost; the ambassador brokers the world outside (book ch. "Ambassadors"). */
import type { Diagnostic } from '../diagnostics';
import { configMap, listeningProbe } from '../k8s/builders';
import type { Container } from '../k8s/types';
import { isPattern } from './support/component-of';
import type { PatternParams } from './index';
import { FORMATS, orEmpty, portParam } from './support/params';
import {
  configVolume,
  distributionParam,
  hashParam,
  KETAMA_HASH_DOC,
  ketamaHashRule,
  headerVariable,
  indent,
  NGINX_CONFIG_KEY,
  NGINX_IMAGE,
  nginxConf,
  nginxContainer,
  TWEMPROXY_CONFIG_KEY,
  TWEMPROXY_IMAGE,
  twemproxyConfig,
  twemproxyContainer,
} from './support/proxy-config';
import { ATTACHMENT_HOSTS, checksumAnnotation, connectionPath, envPrefix, isLoopback, listenHost, nginxHostPort } from './support/serving-common';
import { shardServers } from './sharded-service';
import type { Connection, DesignView, ExpandContext, ParamsOf, ParamSpecs, PatternDef, PodContribution, ResolvedComponent, RuleContext } from './support/types';


const PARAMS = {
  mode: {
    type: 'enum',
    doc: 'shard-router (twemproxy over the shards of the target), traffic-split (nginx weights) or service-broker (one backend).',
    enum: ['shard-router', 'traffic-split', 'service-broker'],
    default: 'shard-router',
  },
  image: { type: 'string', doc: 'Proxy image; empty picks twemproxy (shard-router) or nginx (the other modes).', default: '', pattern: orEmpty(FORMATS.image) },
  port: portParam(6379, 'Port on localhost where the app\'s client connects.'),
  listenAddress: { type: 'string', doc: 'Address the ambassador binds: localhost, so only its own pod reaches it.', default: '127.0.0.1', pattern: FORMATS.host },
  timeoutMs: { type: 'integer', doc: 'Timeout towards the backends, in milliseconds.', default: 1000, min: 1 },
  hash: hashParam,
  distribution: distributionParam,
  redis: { type: 'boolean', doc: 'shard-router: the shards speak Redis (false: memcached); must match the target.', default: true },
  shards: { type: 'integer', doc: 'shard-router: expected number of shards; 0 takes it from the target.', default: 0, min: 0, max: 256 },
  statsPort: portParam(6222, 'shard-router: twemproxy statistics port (on localhost).'),
  sticky: {
    type: 'enum',
    doc: 'traffic-split: keep each user on one side by a cookie or a request header (never the client IP, which NAT shares).',
    enum: ['cookie', 'header', 'none'],
    default: 'cookie',
  },
  stickyKey: { type: 'string', doc: 'traffic-split: cookie (letters, digits, _: nginx cannot read a cookie with -) or header that identifies a user.', default: 'user', pattern: '[A-Za-z0-9_-]+' },
  environment: { type: 'string', doc: 'service-broker: picks the target whose id is, or ends with -, this name (e.g. staging).', default: '', pattern: orEmpty(FORMATS.dnsLabel) },
  upstream: { type: 'string', doc: 'service-broker: host:port outside the design to broker to instead of a connected target.', default: '', pattern: orEmpty(FORMATS.hostPort) },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const ambassador: PatternDef<typeof PARAMS, 'ambassador'> = {
  id: 'ambassador',
  title: 'Ambassador',
  group: 'single-node',
  role: 'attachment',
  chapter: 'Ch. 3, Ambassadors',
  summary: 'A proxy in the app\'s pod on localhost: shard router, traffic splitter or service broker.',
  icon: 'arrow-swap',
  attachesTo: ATTACHMENT_HOSTS,
  connectsTo: ['sharded-service', 'replicated-service', 'scatter-gather', 'function', 'queue'],
  params: PARAMS,
  podPorts: (c) => [
    { port: c.params.port, param: 'port', container: c.id, localhostOnly: true },
    ...(c.params.mode === 'shard-router' ? [{ port: c.params.statsPort, param: 'statsPort', container: c.id, localhostOnly: true }] : []),
  ],
  attach(ctx): PodContribution {
    const { component: c } = ctx;
    const port = c.params.port;
    const name = `${c.id}-config`;
    const volume = `${c.id}-config`;
    const { key, text, proxy } = proxyFor(ctx, c.params.mode, volume);
    // A native sidecar's startup probe holds the app back until the proxy listens, so its first connection works.
    const probe = listeningProbe(port);
    return {
      containers: [{ ...proxy, startupProbe: probe, readinessProbe: { ...probe, failureThreshold: 3 } }],
      volumes: [configVolume(volume, name)],
      hostEnv: [{ name: `${envPrefix(c.id)}_ADDR`, value: `127.0.0.1:${port}` }],
      podAnnotations: checksumAnnotation(c.id, text),
      objects: [configMap(ctx.meta(name), { [key]: text })],
    };
  },
  rules(ctx) {
    const { component: c } = ctx;
    const out: Diagnostic[] = [];
    if (!isLoopback(c.params.listenAddress)) {
      out.push({
        code: 'PC039',
        severity: 'error',
        message: `Ambassador '${c.id}' listens on ${String(c.params.listenAddress)}: an ambassador listens on localhost, so only the app in its pod reaches it.`,
        path: ctx.at('listenAddress'),
        fix: { kind: 'set', path: ctx.at('listenAddress'), value: '127.0.0.1', title: 'Listen on 127.0.0.1' },
      });
    }
    if (c.params.mode === 'shard-router') out.push(...shardRouterRules(ctx), ...ketamaHashRule(ctx, `Shard-router ambassador '${c.id}'`));
    if (c.params.mode === 'traffic-split') out.push(...trafficSplitRules(ctx));
    if (c.params.mode === 'service-broker' && !brokerTarget(c, ctx.design).address) {
      out.push({ code: 'PC045', severity: 'error', message: brokerTarget(c, ctx.design).problem!, path: ctx.at('environment') });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC039', severity: 'error', title: 'Ambassador not on localhost', doc: 'An ambassador is reached by the app in its own pod through localhost; binding another address exposes the proxy to the network.' },
    { code: 'PC040', severity: 'error', title: 'Shard router without a sharded target', doc: 'A shard-router ambassador needs exactly one connection, to a sharded-service, whose shards it lists.' },
    { code: 'PC041', severity: 'error', title: 'Server list does not match the shards', doc: 'The shard count set on the ambassador differs from the shards of its target; its server list must name exactly the target\'s shards.' },
    { code: 'PC042', severity: 'error', title: 'Protocol differs from the target', doc: 'twemproxy must speak the protocol of the shards (redis: true for Redis, false for memcached).' },
    { code: 'PC043', severity: 'warning', title: 'Traffic split without stickiness', doc: 'Without a cookie or header to hash on, one user bounces between the two versions from request to request.' },
    { code: 'PC044', severity: 'error', title: 'Split weights do not add up to 100', doc: 'Every connection of a traffic-split ambassador carries a weight in percent, and together they make 100.' },
    KETAMA_HASH_DOC,
    { code: 'PC045', severity: 'error', title: 'Ambassador targets', doc: 'A traffic split needs at least two connected targets; a service broker needs exactly one backend, chosen by environment or upstream.' },
  ],
};

function proxyFor(ctx: ExpandContext<Params>, mode: string, volume: string): { key: string; text: string; proxy: Container } {
  const { component: c, design } = ctx;
  const port = c.params.port;
  const listen = `${listenHost(c.params.listenAddress)}:${port}`;
  const image = c.params.image || (mode === 'shard-router' ? TWEMPROXY_IMAGE : NGINX_IMAGE);
  if (mode === 'shard-router') {
    const target = shardTarget(c, design);
    const text = twemproxyConfig({
      name: c.id.replace(/-/g, '_'),
      listen,
      hash: c.params.hash,
      distribution: c.params.distribution,
      redis: c.params.redis,
      timeoutMs: c.params.timeoutMs,
      servers: target ? shardServers(target) : [],
    });
    // Bound to localhost: no containerPort (that would claim the port is reachable on the pod's address).
    const proxy = twemproxyContainer(c.id, image, undefined, volume, { port: c.params.statsPort, addr: '127.0.0.1' });
    return { key: TWEMPROXY_CONFIG_KEY, text, proxy };
  }
  const timeout = `${c.params.timeoutMs}ms`;
  const nginxListen = nginxHostPort(c.params.listenAddress, port);
  const text = mode === 'traffic-split' ? splitConf(c, design, nginxListen, timeout) : brokerConf(c, design, nginxListen, timeout);
  return { key: NGINX_CONFIG_KEY, text, proxy: nginxContainer(c.id, image, undefined, volume) };
}

/** The sharded-service this ambassador routes to: its only outgoing connection, when that is one. */
function shardTarget(c: ResolvedComponent<Params>, design: DesignView): ResolvedComponent<PatternParams['sharded-service']> | undefined {
  const out = design.outgoing(c.id);
  const t = out.length === 1 ? design.get(out[0]!.to) : undefined;
  return isPattern(t, 'sharded-service') ? t : undefined;
}

/** 90/10 -> 9/1: nginx weights are relative, so divide by the greatest common divisor. */
export function splitWeights(percents: number[]): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const positive = percents.map((p) => (Number.isFinite(p) ? Math.max(1, Math.round(p)) : 1));
  const g = positive.reduce(gcd);
  return positive.map((p) => p / g);
}

function splitConf(c: ResolvedComponent<Params>, design: DesignView, listen: string, timeout: string): string {
  const targets = design.outgoing(c.id).flatMap((conn) => {
    const a = design.address(conn.to);
    return a ? [{ a, w: conn.weight ?? 0 }] : [];
  });
  const weights = targets.length ? splitWeights(targets.map((t) => t.w)) : [];
  const sticky = c.params.sticky;
  const key = c.params.stickyKey;
  const userVar = sticky === 'cookie' ? `$cookie_${key}` : headerVariable(key);
  // Requests without the cookie/header get a random key ($request_id), so they still split by weight.
  const hashing = sticky === 'none' ? ['random;'] : ['hash $split_key consistent;'];
  const http = [
    'http {',
    ...indent([
      ...(sticky === 'none' ? [] : [`map ${userVar} $split_key {`, `  "" $request_id;`, `  default ${userVar};`, '}', '']),
      'upstream split {',
      ...indent([...hashing, ...targets.map((t, i) => `server ${t.a} weight=${weights[i]};`)]),
      '}',
      '',
      'server {',
      ...indent([
        `listen ${listen};`,
        'location / {',
        ...indent(['proxy_pass http://split;', `proxy_connect_timeout ${timeout};`, `proxy_read_timeout ${timeout};`, 'proxy_set_header Host $host;']),
        '}',
      ]),
      '}',
    ]),
    '}',
  ];
  return nginxConf([http]);
}

/** The backend a service broker forwards to, or why there is none. */
function brokerTarget(c: ResolvedComponent<Params>, design: DesignView): { address?: string; problem?: string } {
  if (c.params.upstream) return { address: c.params.upstream };
  const env = c.params.environment;
  const outgoing = design.outgoing(c.id);
  const chosen: Connection[] = env ? outgoing.filter((o) => o.to === env || o.to.endsWith(`-${env}`)) : outgoing;
  if (chosen.length === 1) {
    const a = design.address(chosen[0]!.to);
    return a ? { address: a } : { problem: `Service broker '${c.id}': '${chosen[0]!.to}' has no Service to broker to.` };
  }
  if (!outgoing.length) return { problem: `Service broker '${c.id}' has no backend: connect it to one, or set upstream to host:port.` };
  const names = outgoing.map((o) => o.to).join(', ');
  return {
    problem: env
      ? `Service broker '${c.id}': environment '${env}' picks ${chosen.length} of its targets (${names}); exactly one target's id must be '${env}' or end with '-${env}'.`
      : `Service broker '${c.id}' is connected to ${names}: set environment to pick one.`,
  };
}

function brokerConf(c: ResolvedComponent<Params>, design: DesignView, listen: string, timeout: string): string {
  // A TCP proxy (stream), so it brokers any protocol: databases, caches, HTTP.
  const { address: target, problem } = brokerTarget(c, design);
  const body = target
    ? ['server {', ...indent([`listen ${listen};`, `proxy_pass ${target};`, `proxy_connect_timeout ${timeout};`]), '}']
    : [`# no backend: ${problem ?? ''}`];
  const stream = ['stream {', ...indent(body), '}'];
  return nginxConf([stream]);
}

function shardRouterRules(ctx: RuleContext<Params>): Diagnostic[] {
  const { component: c, design } = ctx;
  const target = shardTarget(c, design);
  if (!target) {
    const out = design.outgoing(c.id);
    const what = out.length === 0 ? 'is connected to nothing' : `is connected to ${out.map((o) => `'${o.to}'`).join(', ')}`;
    return [
      {
        code: 'PC040',
        severity: 'error',
        message: `Shard-router ambassador '${c.id}' ${what}: connect it to exactly one sharded-service, whose shards it lists.`,
        path: ctx.at('mode'),
      },
    ];
  }
  const out: Diagnostic[] = [];
  const expected = c.params.shards;
  const actual = target.params.shards;
  if (expected > 0 && expected !== actual) {
    out.push({
      code: 'PC041',
      severity: 'error',
      message: `Ambassador '${c.id}' expects ${expected} shards but '${target.id}' has ${actual}: its server list must name exactly ${target.id}-0 … ${target.id}-${actual - 1}.`,
      path: ctx.at('shards'),
      fix: { kind: 'set', path: ctx.at('shards'), value: actual, title: `Expect ${actual} shards` },
    });
  }
  if (c.params.redis !== target.params.redis) {
    const proto = (r: unknown): string => (r ? 'Redis' : 'memcached');
    out.push({
      code: 'PC042',
      severity: 'error',
      message: `Ambassador '${c.id}' speaks ${proto(c.params.redis)} but the shards of '${target.id}' speak ${proto(target.params.redis)}.`,
      path: ctx.at('redis'),
      fix: { kind: 'set', path: ctx.at('redis'), value: target.params.redis, title: `Speak ${proto(target.params.redis)}` },
    });
  }
  return out;
}

function trafficSplitRules(ctx: RuleContext<Params>): Diagnostic[] {
  const { component: c, design } = ctx;
  const out: Diagnostic[] = [];
  const conns = design.outgoing(c.id);
  if (conns.length < 2) {
    out.push({
      code: 'PC045',
      severity: 'error',
      message: `Traffic-split ambassador '${c.id}' has ${conns.length} target(s): connect it to the main service and the experiment, each with a weight.`,
      path: ctx.at('mode'),
    });
  } else {
    const total = conns.reduce((s, x) => s + (x.weight ?? 0), 0);
    if (total !== 100) {
      const missing = conns.find((x) => x.weight === undefined);
      const [first, second] = conns;
      const fix =
        conns.length === 2 && first!.weight !== undefined && first!.weight >= 0 && first!.weight < 100
          ? { kind: 'set' as const, path: connectionPath(design, second!, 'weight'), value: 100 - first!.weight, title: `Give '${second!.to}' ${100 - first!.weight}%` }
          : undefined;
      out.push({
        code: 'PC044',
        severity: 'error',
        message: missing
          ? `The connection ${c.id} → ${missing.to} has no weight: every target of a traffic split needs a weight in percent, together 100.`
          : `The weights of '${c.id}' add up to ${total}, not 100 (${conns.map((x) => `${x.to} ${x.weight}%`).join(', ')}).`,
        path: connectionPath(design, missing ?? conns[conns.length - 1]!, 'weight'),
        ...(fix ? { fix } : {}),
      });
    }
  }
  if (c.params.sticky === 'none') {
    out.push({
      code: 'PC043',
      severity: 'warning',
      message: `Traffic split '${c.id}' is not sticky: one user would see both versions. Hash on a cookie or header that identifies the user (not the client IP, which NAT shares).`,
      path: ctx.at('sticky'),
      fix: { kind: 'set', path: ctx.at('sticky'), value: 'cookie', title: 'Stick users by cookie' },
    });
  }
  return out;
}
