/** Sidecar: an extra container in the pod of the app it augments (book ch. "The Sidecar Pattern"). */
import { container } from '../k8s/builders';
import type { ObjectMeta, Volume } from '../k8s/types';
import { imageParam, portParam } from './params';
import type { PatternDef, PodContribution } from './types';

const WORKLOADS = ['replicated-service', 'sharded-service', 'scatter-gather', 'function', 'ownership-election', 'work-queue'] as const;

export const sidecar: PatternDef = {
  id: 'sidecar',
  title: 'Sidecar',
  group: 'single-node',
  role: 'attachment',
  chapter: 'Ch. 2, The Sidecar Pattern',
  summary: 'Augments an application container without changing it (HTTPS, config sync, process tools).',
  icon: 'extensions',
  attachesTo: WORKLOADS,
  params: {
    image: imageParam('nginx:1.27'),
    port: { ...portParam(8443, 'Port the sidecar listens on; 0 when it serves nothing.'), min: 0 },
    role: {
      type: 'enum',
      doc: 'What the sidecar does: terminate TLS for the app, keep config in sync, or a generic helper.',
      enum: ['tls', 'config-sync', 'generic'],
      default: 'generic',
    },
    appPort: { ...portParam(8080, 'For role tls: the port the app listens on at 127.0.0.1.') },
    tlsSecret: { type: 'string', doc: 'For role tls: the Secret with tls.crt and tls.key.', default: '' },
    sharedVolume: { type: 'string', doc: 'Name of an emptyDir volume shared with the app; empty for none.', default: '' },
    mountPath: { type: 'string', doc: 'Where the shared volume is mounted in both containers.', default: '/shared' },
    shareProcessNamespace: { type: 'boolean', doc: 'Let the sidecar see the app\'s processes (e.g. topz).', default: false },
  },
  podPorts: (c) => ((c.params.port as number) > 0 ? [{ port: c.params.port as number, param: 'port', container: c.id }] : []),
  attach(ctx): PodContribution {
    const { component: c } = ctx;
    const port = c.params.port as number;
    const mount = c.params.sharedVolume ? [{ name: c.params.sharedVolume as string, mountPath: c.params.mountPath as string }] : [];
    const volumes: Volume[] = c.params.sharedVolume ? [{ name: c.params.sharedVolume as string, emptyDir: {} }] : [];
    const out: PodContribution = {
      containers: [container(c.id, c.params.image as string, port > 0 ? port : undefined, mount.length ? { volumeMounts: mount } : {})],
      volumes,
      hostVolumeMounts: mount,
      shareProcessNamespace: c.params.shareProcessNamespace as boolean,
    };
    if (c.params.role === 'tls') return { ...out, ...tlsTermination(ctx.meta(`${c.id}-nginx`), c.id, c.params.image as string, port, c.params.appPort as number, c.params.tlsSecret as string) };
    if (port > 0) out.servicePorts = [{ name: 'sidecar', port, targetPort: port }];
    return out;
  },
};

/** nginx terminating HTTPS on `port` and proxying to the app on 127.0.0.1:appPort; only the sidecar is exposed. */
function tlsTermination(meta: ObjectMeta, id: string, image: string, port: number, appPort: number, secret: string): Partial<PodContribution> {
  const conf = [
    'server {',
    `  listen ${port} ssl;`,
    '  ssl_certificate /etc/nginx/tls/tls.crt;',
    '  ssl_certificate_key /etc/nginx/tls/tls.key;',
    '  location / {',
    `    proxy_pass http://127.0.0.1:${appPort};`,
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
      container(id, image, port, {
        volumeMounts: [
          { name: confVolume, mountPath: '/etc/nginx/conf.d', readOnly: true },
          { name: tlsVolume, mountPath: '/etc/nginx/tls', readOnly: true },
        ],
      }),
    ],
    volumes: [
      { name: confVolume, configMap: { name: meta.name } },
      { name: tlsVolume, secret: { secretName: secret || `${id}-tls`, optional: !secret } },
    ],
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { 'default.conf': conf } }],
    servicePorts: [{ name: 'https', port, targetPort: port }],
    hidesHostPorts: true,
  };
}
