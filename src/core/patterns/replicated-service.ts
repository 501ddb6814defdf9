/** Replicated load-balanced service: identical stateless replicas behind a Service (book ch. "Replicated Load-Balanced Services"). */
import { container, deployment, httpProbe, resources, service } from '../k8s/builders';
import type { Diagnostic } from '../diagnostics';
import { imageParam, portParam, replicasParam } from './params';
import type { PatternDef } from './types';

export const replicatedService: PatternDef = {
  id: 'replicated-service',
  title: 'Replicated service',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 5, Replicated Load-Balanced Services',
  summary: 'Identical stateless replicas behind a load-balancing Service.',
  icon: 'layers',
  params: {
    image: imageParam(),
    port: portParam(8080),
    replicas: replicasParam(3, 'Identical replicas; at least 2 for availability.'),
    readinessPath: { type: 'string', doc: 'HTTP path of the readiness probe; empty for none.', default: '/ready' },
    livenessPath: { type: 'string', doc: 'HTTP path of the liveness probe; empty for none.', default: '/healthz' },
    cpu: { type: 'string', doc: 'CPU request per replica.', default: '100m' },
    memory: { type: 'string', doc: 'Memory request and limit per replica.', default: '128Mi' },
  },
  endpoint: (c) => ({ service: c.id, port: c.params.port as number }),
  podPorts: (c) => [{ port: c.params.port as number, param: 'port', container: 'app' }],
  expand(ctx) {
    const { component: c } = ctx;
    const port = c.params.port as number;
    const app = container('app', c.params.image as string, port, {
      ...(c.params.readinessPath ? { readinessProbe: httpProbe(c.params.readinessPath as string, port, 5) } : {}),
      ...(c.params.livenessPath ? { livenessProbe: httpProbe(c.params.livenessPath as string, port, 10) } : {}),
      resources: resources(c.params.cpu as string, c.params.memory as string),
    });
    return [
      deployment(ctx.meta(c.id), c.params.replicas as number, ctx.selector, ctx.podTemplate({ containers: [app] })),
      service(ctx.meta(c.id), ctx.selector, ctx.servicePorts([{ name: 'http', port, targetPort: port }])),
    ];
  },
  rules(ctx) {
    const { params } = ctx.component;
    const out: Diagnostic[] = [];
    if ((params.replicas as number) < 2) {
      out.push({
        code: 'PC030',
        severity: 'warning',
        message: `'${ctx.component.id}' has ${params.replicas} replica(s): a replicated service needs at least 2 to stay available while one restarts.`,
        path: ctx.at('replicas'),
        fix: { kind: 'set', path: ctx.at('replicas'), value: 2, title: 'Set replicas to 2' },
      });
    }
    if (!params.readinessPath) {
      out.push({
        code: 'PC031',
        severity: 'warning',
        message: `'${ctx.component.id}' has no readiness probe: the Service will send traffic to replicas that are not ready.`,
        path: ctx.at('readinessPath'),
        fix: { kind: 'set', path: ctx.at('readinessPath'), value: '/ready', title: 'Add a readiness probe on /ready' },
      });
    } else if (params.readinessPath === params.livenessPath) {
      out.push({
        code: 'PC032',
        severity: 'warning',
        message: `'${ctx.component.id}' uses the same path for readiness and liveness: a busy replica would be restarted instead of taken out of rotation.`,
        path: ctx.at('livenessPath'),
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC030', severity: 'warning', title: 'Too few replicas', doc: 'A replicated service needs at least 2 replicas for availability.' },
    { code: 'PC031', severity: 'warning', title: 'No readiness probe', doc: 'Without a readiness probe the load balancer routes to replicas that are not ready.' },
    { code: 'PC032', severity: 'warning', title: 'Readiness equals liveness', doc: 'Readiness and liveness probes should check different things.' },
  ],
};
