/** Functions and event-driven processing: short handlers triggered by HTTP or events (book ch. "Functions and Event-Driven Processing"). */
import type { Diagnostic } from '../diagnostics';
import { container, deployment, resources, service, tcpProbe } from '../k8s/builders';
import type { EnvVar } from '../k8s/types';
import { FORMATS, imageParam, portParam } from './support/params';
import { memoryBytes, memoryParam } from './support/serving-common';
import type { ParamSpecs, PatternDef } from './support/types';

/** Past this a function is doing long-running work, which belongs in a service or a batch job. */
const MAX_TIMEOUT_SECONDS = 300;
/** Past this a function is memory-heavy: every cold start pays for it, and it is rarely a short handler. */
const MAX_MEMORY_BYTES = 2 ** 30;

const PARAMS = {
  image: imageParam(undefined, 'Image with the handler.'),
  port: portParam(8080, 'Port the handler serves (events arrive as HTTP POSTs too).'),
  kind: {
    type: 'enum',
    doc: 'decorator (adds to a request, then calls the real API), handler (reacts to one event) or pipeline-step.',
    enum: ['decorator', 'handler', 'pipeline-step'],
    default: 'handler',
  },
  trigger: { type: 'enum', doc: 'What invokes the function: an HTTP request on path, or an event on topic.', enum: ['http', 'event'], default: 'http' },
  path: { type: 'string', doc: 'http trigger: the request path.', default: '/', pattern: FORMATS.httpPath },
  topic: { type: 'string', doc: 'event trigger: the topic whose events invoke the function.', default: '' },
  timeoutSeconds: { type: 'integer', doc: 'Longest a single invocation may run; functions do short work.', default: 30, min: 1, max: 3600 },
  memory: memoryParam('128Mi', 'Memory request and limit of each instance.'),
  cpu: { type: 'string', doc: 'CPU request of each instance.', default: '100m', pattern: FORMATS.cpu },
  replicas: { type: 'integer', doc: 'Instances kept running (at least 1; no scale to zero without Knative).', default: 1, min: 1, max: 1000 },
} as const satisfies ParamSpecs;

export const fn: PatternDef<typeof PARAMS, 'function'> = {
  id: 'function',
  title: 'Function',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 8, Functions and Event-Driven Processing',
  summary: 'A short, stateless handler triggered by an HTTP request or an event: decorator, event handler or pipeline step.',
  icon: 'symbol-method',
  params: PARAMS,
  endpoint: (c) => ({ service: c.id, port: c.params.port }),
  podPorts: (c) => [{ port: c.params.port, param: 'port', container: 'handler' }],
  expand(ctx) {
    const { component: c } = ctx;
    const port = c.params.port;
    const env: EnvVar[] = [
      { name: 'FUNCTION_KIND', value: c.params.kind },
      { name: 'TRIGGER', value: c.params.trigger },
      c.params.trigger === 'event' ? { name: 'TRIGGER_TOPIC', value: c.params.topic } : { name: 'TRIGGER_PATH', value: c.params.path },
      { name: 'TIMEOUT_SECONDS', value: String(c.params.timeoutSeconds) },
    ];
    const handler = container('handler', c.params.image, port, {
      env,
      readinessProbe: tcpProbe(port, 5),
      resources: resources(c.params.cpu, c.params.memory),
    });
    const template = ctx.podTemplate({ containers: [handler], terminationGracePeriodSeconds: c.params.timeoutSeconds + 5 });
    return [
      deployment(ctx.meta(c.id), c.params.replicas, ctx.selector, template),
      service(ctx.meta(c.id), ctx.selector, ctx.servicePorts([{ name: 'http', port, targetPort: port }])),
    ];
  },
  rules(ctx) {
    const { component: c, design } = ctx;
    const out: Diagnostic[] = [];
    const timeout = c.params.timeoutSeconds;
    if (timeout > MAX_TIMEOUT_SECONDS) {
      out.push({
        code: 'PC056',
        severity: 'warning',
        message: `Function '${c.id}' may run for ${timeout} s: functions do no long-running work. Keep it under ${MAX_TIMEOUT_SECONDS} s, or make it a work queue or a long-running service.`,
        path: ctx.at('timeoutSeconds'),
        fix: { kind: 'set', path: ctx.at('timeoutSeconds'), value: MAX_TIMEOUT_SECONDS, title: `Limit invocations to ${MAX_TIMEOUT_SECONDS} s` },
      });
    }
    const bytes = memoryBytes(c.params.memory);
    if (bytes !== undefined && bytes > MAX_MEMORY_BYTES) {
      out.push({
        code: 'PC057',
        severity: 'warning',
        message: `Function '${c.id}' asks for ${String(c.params.memory)} of memory: memory-heavy work does not suit a function. Keep it at 1Gi or less, or move the work to a service.`,
        path: ctx.at('memory'),
      });
    }
    if (c.params.trigger === 'event' && !c.params.topic) {
      out.push({
        code: 'PC058',
        severity: 'error',
        message: `Function '${c.id}' is triggered by events but names no topic: set topic to the events it handles.`,
        path: ctx.at('topic'),
      });
    }
    if (c.params.kind === 'decorator' && design.outgoing(c.id).length === 0) {
      out.push({
        code: 'PC059',
        severity: 'warning',
        message: `Decorator '${c.id}' calls nothing: a decorator adds to the request and then calls the real API. Connect it to the service it decorates.`,
        path: ctx.at('kind'),
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC056', severity: 'warning', title: 'Long-running function', doc: 'Functions handle short requests; an invocation that may run for more than 300 s belongs in a service or a work queue.' },
    { code: 'PC057', severity: 'warning', title: 'Memory-heavy function', doc: 'A function needing more than 1Gi of memory is doing work that suits a long-running service better.' },
    { code: 'PC058', severity: 'error', title: 'Event trigger without a topic', doc: 'An event-triggered function must name the topic of its events.' },
    { code: 'PC059', severity: 'warning', title: 'Decorator calls nothing', doc: 'A decorator fills in or transforms a request and then calls the real API; connect it to that API.' },
  ],
};
