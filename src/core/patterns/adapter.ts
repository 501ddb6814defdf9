/** Adapter: makes a heterogeneous app look standard to monitoring, logging and health checks (book ch. "Adapters"). */
import type { Diagnostic } from '../diagnostics';
import { configMap, container, httpProbe, resources } from '../k8s/builders';
import type { Container, EnvVar } from '../k8s/types';
import { FORMATS, orEmpty, portParam } from './support/params';
import { configVolume } from './support/proxy-config';
import { ATTACHMENT_HOSTS, checksumAnnotation, hostOfAttachment, isLoopback, listenHost } from './support/serving-common';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef, PodContribution, ResolvedComponent } from './support/types';


const IMAGES: Record<string, string> = {
  metrics: 'oliver006/redis_exporter:v1.62.0',
  logging: 'fluent/fluentd:v1.16-1',
  health: 'python:3.12-alpine',
};

/** Kinds that serve HTTP on `port` (the logging adapter only reads files and writes to stdout). */
const serves = (c: ResolvedComponent<Params>): boolean => c.params.kind !== 'logging';

const PARAMS = {
  kind: {
    type: 'enum',
    doc: 'metrics (a Prometheus exporter), logging (fluentd normalising a shared log folder) or health (HTTP 200/500 from a check).',
    enum: ['metrics', 'logging', 'health'],
    default: 'metrics',
  },
  image: { type: 'string', doc: 'Adapter image; empty picks redis_exporter (metrics), fluentd (logging) or python (health).', default: '', pattern: orEmpty(FORMATS.image) },
  port: portParam(9121, 'Port the adapter serves (metrics or health); unused by logging.'),
  appPort: portParam(6379, 'Port of the app the adapter reads; it must be the app\'s own port.'),
  appAddress: { type: 'string', doc: 'Address of the app as the adapter reaches it: localhost, inside the pod.', default: '127.0.0.1', pattern: FORMATS.host },
  metricsPath: { type: 'string', doc: 'metrics: path Prometheus scrapes.', default: '/metrics', pattern: FORMATS.httpPath },
  addressEnv: { type: 'string', doc: 'metrics: variable that tells the exporter the app address (REDIS_ADDR for redis_exporter).', default: 'REDIS_ADDR', pattern: FORMATS.envName },
  logPath: { type: 'string', doc: 'logging: folder the app writes its logs to, shared with the adapter.', default: '/var/log/app', pattern: FORMATS.filePath },
  logFormat: {
    type: 'enum',
    doc: 'logging: how each line of the app\'s log is parsed (fluentd parser).',
    enum: ['none', 'json', 'apache2', 'nginx', 'syslog'],
    default: 'none',
  },
  check: { type: 'string', doc: 'health: shell command that exits 0 when the app is healthy; empty checks that appPort accepts connections.', default: '' },
  healthPath: { type: 'string', doc: 'health: path of the HTTP health endpoint.', default: '/healthz', pattern: FORMATS.httpPath },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const adapter: PatternDef<typeof PARAMS, 'adapter'> = {
  id: 'adapter',
  title: 'Adapter',
  group: 'single-node',
  role: 'attachment',
  chapter: 'Ch. 4, Adapters',
  summary: 'Turns the app\'s own metrics, logs or health into a standard interface (Prometheus, normalised logs, HTTP health).',
  icon: 'plug',
  attachesTo: ATTACHMENT_HOSTS,
  params: PARAMS,
  podPorts: (c) => (serves(c) ? [{ port: c.params.port, param: 'port', container: c.id }] : []),
  attach(ctx): PodContribution {
    switch (ctx.component.params.kind) {
      case 'logging':
        return loggingAdapter(ctx);
      case 'health':
        return healthAdapter(ctx);
      default:
        return metricsAdapter(ctx);
    }
  },
  rules(ctx) {
    const { component: c, design } = ctx;
    const out: Diagnostic[] = [];
    if (c.params.kind === 'logging') return out;
    const host = hostOfAttachment(c, design);
    if (host?.port !== undefined && host.port !== c.params.appPort) {
      out.push({
        code: 'PC046',
        severity: 'error',
        message: `Adapter '${c.id}' reads port ${c.params.appPort}, but '${host.host.id}' listens on ${host.port}: the adapter reaches the app through localhost, on the app's own port.`,
        path: ctx.at('appPort'),
        fix: { kind: 'set', path: ctx.at('appPort'), value: host.port, title: `Read port ${host.port}` },
      });
    }
    if (!isLoopback(c.params.appAddress)) {
      out.push({
        code: 'PC047',
        severity: 'error',
        message: `Adapter '${c.id}' reads the app at ${String(c.params.appAddress)}: an adapter lives in the app's pod and reads it through localhost.`,
        path: ctx.at('appAddress'),
        fix: { kind: 'set', path: ctx.at('appAddress'), value: '127.0.0.1', title: 'Read the app at 127.0.0.1' },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC046', severity: 'error', title: 'Adapter reads the wrong port', doc: 'The adapter reaches the app through localhost, so the port it reads must be the app\'s port.' },
    { code: 'PC047', severity: 'error', title: 'Adapter not on localhost', doc: 'An adapter shares the app\'s pod and reads it at 127.0.0.1; another address reads some other instance or nothing.' },
  ],
};

const image = (c: ResolvedComponent<Params>): string => c.params.image || IMAGES[c.params.kind]!;
const appAddr = (c: ResolvedComponent<Params>): string => `${listenHost(c.params.appAddress)}:${c.params.appPort}`;

/** A Prometheus exporter, scraped through pod annotations and a named port on the host's Service. */
function metricsAdapter(ctx: ExpandContext<Params>): PodContribution {
  const { component: c } = ctx;
  const port = c.params.port;
  const img = image(c);
  const env: EnvVar[] = [{ name: 'APP_ADDR', value: appAddr(c) }];
  if (c.params.addressEnv) env.push({ name: c.params.addressEnv, value: appAddr(c) });
  if (img.includes('redis_exporter')) {
    env.push({ name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `0.0.0.0:${port}` }, { name: 'REDIS_EXPORTER_WEB_TELEMETRY_PATH', value: c.params.metricsPath });
  }
  const exporter = container(c.id, img, port, { env, readinessProbe: httpProbe(c.params.metricsPath, port, 10), resources: resources('50m', '64Mi') });
  return {
    containers: [exporter],
    podAnnotations: {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port),
      'prometheus.io/path': c.params.metricsPath,
    },
    servicePorts: [{ name: exporter.ports![0]!.name!, port, targetPort: port }],
  };
}

/** fluentd tailing the shared log folder, parsing each line and writing normalised JSON records to stdout. */
function loggingAdapter(ctx: ExpandContext<Params>): PodContribution {
  const { component: c, design } = ctx;
  const logs = `${c.id}-logs`;
  const conf = `${c.id}-config`;
  const dir = c.params.logPath.replace(/\/+$/, '');
  const text = [
    '<source>',
    '  @type tail',
    `  path ${dir}/*.log`,
    `  pos_file /fluentd/log/${c.id}.pos`,
    '  read_from_head true',
    '  tag app',
    '  <parse>',
    `    @type ${c.params.logFormat}`,
    '  </parse>',
    '</source>',
    '',
    '<filter app>',
    '  @type record_transformer',
    '  <record>',
    `    component ${c.attachTo ?? ''}`,
    `    design ${design.name}`,
    '    pod "#{ENV[\'POD_NAME\']}"',
    '  </record>',
    '</filter>',
    '',
    '<match app>',
    '  @type stdout',
    '  <format>',
    '    @type json',
    '  </format>',
    '</match>',
    '',
  ].join('\n');
  const shipper: Container = container(c.id, image(c), undefined, {
    resources: resources('100m', '256Mi'),
    env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    volumeMounts: [
      { name: logs, mountPath: dir, readOnly: true },
      { name: conf, mountPath: '/fluentd/etc', readOnly: true },
    ],
  });
  return {
    containers: [shipper],
    volumes: [
      { name: logs, emptyDir: {} },
      configVolume(conf, conf),
    ],
    hostVolumeMounts: [{ name: logs, mountPath: dir }],
    podAnnotations: checksumAnnotation(c.id, text),
    objects: [configMap(ctx.meta(conf), { 'fluent.conf': text })],
  };
}

const HEALTH_SERVER = `import os, socket, subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer

APP_HOST = os.environ["APP_HOST"]
APP_PORT = int(os.environ["APP_PORT"])
CHECK = os.environ.get("CHECK_COMMAND", "")
PATH = os.environ.get("HEALTH_PATH", "/healthz")


def healthy():
    try:
        if CHECK:
            return subprocess.run(CHECK, shell=True, timeout=2, capture_output=True).returncode == 0
        with socket.create_connection((APP_HOST, APP_PORT), timeout=2):
            return True
    except Exception:
        return False


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != PATH:
            self.send_error(404)
            return
        ok = healthy()
        body = b"ok\\n" if ok else b"unhealthy\\n"
        self.send_response(200 if ok else 500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


HTTPServer(("0.0.0.0", int(os.environ["LISTEN_PORT"])), Health).serve_forever()
`;

/** An HTTP endpoint answering 200 or 500 from a check of the app; it is also the pod's readiness probe. */
function healthAdapter(ctx: ExpandContext<Params>): PodContribution {
  const { component: c } = ctx;
  const port = c.params.port;
  const conf = `${c.id}-config`;
  const path = c.params.healthPath;
  const checker = container(c.id, image(c), port, {
    command: ['python3', '/adapter/health.py'],
    env: [
      { name: 'APP_HOST', value: listenHost(c.params.appAddress) },
      { name: 'APP_PORT', value: String(c.params.appPort) },
      { name: 'CHECK_COMMAND', value: c.params.check },
      { name: 'HEALTH_PATH', value: path },
      { name: 'LISTEN_PORT', value: String(port) },
    ],
    volumeMounts: [{ name: conf, mountPath: '/adapter', readOnly: true }],
    readinessProbe: httpProbe(path, port, 10),
    resources: resources('20m', '64Mi'),
  });
  return {
    containers: [checker],
    volumes: [configVolume(conf, conf)],
    podAnnotations: checksumAnnotation(c.id, HEALTH_SERVER),
    objects: [configMap(ctx.meta(conf), { 'health.py': HEALTH_SERVER })],
  };
}
