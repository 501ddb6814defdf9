/** Sidecar: an extra container in the pod of the app it augments (book ch. "The Sidecar Pattern"). */
import type { Diagnostic } from '../diagnostics';
import { configMap, container, tcpProbe } from '../k8s/builders';
import type { EnvVar, ObjectMeta, Volume } from '../k8s/types';
import { isPattern } from './support/component-of';
import { FORMATS, orEmpty, imageParam, portParam } from './support/params';
import { configVolume, NGINX_IMAGE, proxyResources } from './support/proxy-config';
import { ATTACHMENT_HOSTS } from './support/serving-common';
import { hostOfAttachment, isLoopback, nginxHostPort } from './support/serving-common';
import type { DesignView, ParamsOf, ParamSpecs, PatternDef, PodContribution, ResolvedComponent } from './support/types';


/** The TLS-terminating sidecar of a host, if it has one: the host's probes must then go through it. */
export function tlsSidecarOf(design: DesignView, hostId: string): { id: string; port: number } | undefined {
  const s = design.attachments(hostId).find((a) => a.pattern === 'sidecar' && a.params.role === 'tls');
  return isPattern(s, 'sidecar') ? { id: s.id, port: s.params.port } : undefined;
}

const PARAMS = {
  image: imageParam(NGINX_IMAGE),
  port: { ...portParam(8443, 'Port the sidecar listens on; 0 when it serves nothing.'), min: 0 },
  role: {
    type: 'enum',
    doc: 'What the sidecar does: terminate TLS for the app, keep config in sync, or a generic helper.',
    enum: ['tls', 'config-sync', 'generic'],
    default: 'generic',
  },
  appPort: { ...portParam(8080, 'For role tls: the port the app listens on at 127.0.0.1.') },
  appAddress: { type: 'string', doc: 'For role tls: where the app listens; 127.0.0.1 keeps plain HTTP inside the pod.', default: '127.0.0.1', pattern: FORMATS.host },
  tlsSecret: { type: 'string', doc: 'For role tls: the Secret with tls.crt and tls.key.', default: '', pattern: orEmpty(FORMATS.dnsSubdomain), maxLength: 253 },
  reload: {
    type: 'enum',
    doc: 'For role config-sync: how the app learns of new config: signal (SIGHUP, shares the process namespace), http (a reload URL), app-watches, or none.',
    enum: ['none', 'signal', 'http', 'app-watches'],
    default: 'none',
  },
  sharedVolume: { type: 'string', doc: 'Name of an emptyDir volume shared with the app; empty for none.', default: '', pattern: orEmpty(FORMATS.dnsLabel) },
  mountPath: { type: 'string', doc: 'Where the shared volume is mounted in both containers.', default: '/shared', pattern: FORMATS.filePath },
  shareProcessNamespace: { type: 'boolean', doc: 'Let the sidecar see the app\'s processes (e.g. topz).', default: false },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const sidecar: PatternDef<typeof PARAMS, 'sidecar'> = {
  id: 'sidecar',
  title: 'Sidecar',
  group: 'single-node',
  role: 'attachment',
  chapter: 'Ch. 2, The Sidecar Pattern',
  summary: 'Augments an application container without changing it (HTTPS, config sync, process tools).',
  icon: 'extensions',
  attachesTo: ATTACHMENT_HOSTS,
  params: PARAMS,
  podPorts: (c) => (c.params.port > 0 ? [{ port: c.params.port, param: 'port', container: c.id }] : []),
  attach(ctx): PodContribution {
    const { component: c } = ctx;
    const port = c.params.port;
    const mount = c.params.sharedVolume ? [{ name: c.params.sharedVolume, mountPath: c.params.mountPath }] : [];
    const volumes: Volume[] = c.params.sharedVolume ? [{ name: c.params.sharedVolume, emptyDir: {} }] : [];
    // A reusable sidecar documents its parameters as environment variables.
    const env: EnvVar[] =
      c.params.role === 'config-sync'
        ? [
            { name: 'CONFIG_DIR', value: c.params.mountPath },
            { name: 'RELOAD', value: c.params.reload },
          ]
        : [];
    const out: PodContribution = {
      containers: [
        container(c.id, c.params.image, port > 0 ? port : undefined, {
          ...(env.length ? { env } : {}),
          ...(mount.length ? { volumeMounts: mount } : {}),
        }),
      ],
      volumes,
      hostVolumeMounts: mount,
      shareProcessNamespace: c.params.shareProcessNamespace || (c.params.role === 'config-sync' && c.params.reload === 'signal'),
    };
    if (c.params.role === 'tls') {
      const tls = tlsTermination(ctx.meta(`${c.id}-nginx`), c);
      const [proxy] = tls.containers!;
      proxy!.volumeMounts = [...(proxy!.volumeMounts ?? []), ...mount];
      return { ...out, ...tls, volumes: [...volumes, ...(tls.volumes ?? [])] };
    }
    if (port > 0) out.servicePorts = [{ name: 'sidecar', port, targetPort: port }];
    return out;
  },
  rules(ctx) {
    const { component: c, design } = ctx;
    const out: Diagnostic[] = [];
    if (c.params.role === 'tls') {
      // Port 0 means "serves nothing", which a TLS terminator cannot be: its probes and the Service need the port.
      if (c.params.port === 0) {
        out.push({ code: 'PC029', severity: 'error', message: `TLS sidecar '${c.id}' has port 0: it terminates HTTPS on its port, so it needs one (e.g. 8443).`, path: ctx.at('port'), fix: { kind: 'set', path: ctx.at('port'), value: 8443, title: 'Listen on 8443' } });
      }
      const host = hostOfAttachment(c, design);
      if (host?.port !== undefined && host.port !== c.params.appPort) {
        out.push({
          code: 'PC035',
          severity: 'error',
          message: `TLS sidecar '${c.id}' forwards to port ${c.params.appPort}, but '${host.host.id}' listens on ${host.port}: appPort must be the app's port.`,
          path: ctx.at('appPort'),
          fix: { kind: 'set', path: ctx.at('appPort'), value: host.port, title: `Forward to port ${host.port}` },
        });
      }
      if (!isLoopback(c.params.appAddress)) {
        out.push({
          code: 'PC036',
          severity: 'warning',
          message: `TLS sidecar '${c.id}' reaches the app at ${String(c.params.appAddress)}: an app that listens there serves plain HTTP to other pods, around the TLS. Make the app listen on 127.0.0.1.`,
          path: ctx.at('appAddress'),
          fix: { kind: 'set', path: ctx.at('appAddress'), value: '127.0.0.1', title: 'The app listens on 127.0.0.1' },
        });
      }
    }
    if (c.params.role === 'config-sync') {
      if (c.params.reload === 'none') {
        out.push({
          code: 'PC037',
          severity: 'info',
          message: `Config-sync sidecar '${c.id}' updates files, but how does the app pick them up? Choose reload: signal, http or app-watches.`,
          path: ctx.at('reload'),
        });
      }
      if (!c.params.sharedVolume) {
        out.push({
          code: 'PC038',
          severity: 'warning',
          message: `Config-sync sidecar '${c.id}' shares no volume with the app, so the config it writes never reaches the app. Set sharedVolume.`,
          path: ctx.at('sharedVolume'),
          fix: { kind: 'set', path: ctx.at('sharedVolume'), value: 'config', title: 'Share a volume named config' },
        });
      }
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC029', severity: 'error', title: 'TLS sidecar without a port', doc: 'A TLS-terminating sidecar is what the Service exposes: it needs a port other than 0.' },
    { code: 'PC035', severity: 'error', title: 'TLS sidecar forwards to the wrong port', doc: 'The TLS sidecar proxies to the app on localhost, so appPort must be the port of the app it is attached to.' },
    { code: 'PC036', severity: 'warning', title: 'App reachable around the TLS sidecar', doc: 'When a sidecar terminates TLS, the app listens on 127.0.0.1 so only the sidecar reaches it; the Service exposes the sidecar alone.' },
    { code: 'PC037', severity: 'info', title: 'Config sync without a reload', doc: 'A sidecar that changes configuration needs a way to make the app reload it: a signal (shared process namespace), a reload URL, or an app that watches its files.' },
    { code: 'PC038', severity: 'warning', title: 'Config sync without a shared volume', doc: 'Configuration reaches the app through a volume both containers mount.' },
  ],
};

/** nginx terminating HTTPS on `port` and proxying to the app on appAddress:appPort; only the sidecar is exposed. */
function tlsTermination(meta: ObjectMeta, c: ResolvedComponent<Params>): Partial<PodContribution> {
  const id = c.id;
  const port = c.params.port;
  const secret = c.params.tlsSecret;
  const conf = [
    'server {',
    `  listen ${port} ssl;`,
    '  ssl_certificate /etc/nginx/tls/tls.crt;',
    '  ssl_certificate_key /etc/nginx/tls/tls.key;',
    '  location / {',
    `    proxy_pass http://${nginxHostPort(c.params.appAddress, c.params.appPort)};`,
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-Proto https;',
    '  }',
    '}',
    '',
  ].join('\n');
  const confVolume = `${id}-conf`;
  const tlsVolume = `${id}-tls`;
  return {
    containers: [
      container(id, c.params.image, port, {
        readinessProbe: tcpProbe(port, 5),
        resources: proxyResources(),
        volumeMounts: [
          { name: confVolume, mountPath: '/etc/nginx/conf.d', readOnly: true },
          { name: tlsVolume, mountPath: '/etc/nginx/tls', readOnly: true },
        ],
      }),
    ],
    volumes: [
      configVolume(confVolume, meta.name),
      { name: tlsVolume, secret: { secretName: secret || `${id}-tls`, optional: !secret } },
    ],
    objects: [configMap(meta, { 'default.conf': conf })],
    servicePorts: [{ name: 'https', port, targetPort: port }],
    hidesHostPorts: true,
  };
}
