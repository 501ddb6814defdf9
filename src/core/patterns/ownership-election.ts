/** Ownership election: replicas elect one owner through a coordination.k8s.io/v1 Lease (book ch. "Ownership Election"). */
import type { Diagnostic } from '../diagnostics';
import { container, deployment, rbac } from '../k8s/builders';
import type { K8sObject } from '../k8s/types';
import { imageParam, replicasParam } from './support/params';
import type { ParamsOf, ParamSpecs, PatternDef, ResolvedComponent, RuleContext } from './support/types';

/** client-go's leader elector requires renewDeadline > JitterFactor × retryPeriod with this factor. */
const JITTER = 1.2;

const secondsParam = (dflt: number, doc: string) => ({ type: 'integer' as const, doc, default: dflt, min: 1, max: 3600 });

export const leaseName = (c: ResolvedComponent<Params>): string => c.params.leaseName || `${c.id}-leader`;

const PARAMS = {
  image: imageParam(undefined, 'Worker image; it runs client-go style leader election on the Lease named by LEASE_NAME.'),
  replicas: replicasParam(3, 'Candidates for ownership; one owns, the others stand by.'),
  leaseName: { type: 'string', doc: 'Name of the Lease; empty for <id>-leader.', default: '', pattern: '|[a-z0-9]([-a-z0-9.]*[a-z0-9])?' },
  leaseDurationSeconds: secondsParam(15, 'How long standbys wait after the last renewal before taking over (the lock\'s TTL).'),
  renewDeadlineSeconds: secondsParam(10, 'How long the owner keeps retrying to renew before it gives up ownership.'),
  retryPeriodSeconds: secondsParam(2, 'Time between attempts to acquire or renew the Lease.'),
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const ownershipElection: PatternDef<typeof PARAMS, 'ownership-election'> = {
  id: 'ownership-election',
  title: 'Ownership election',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 9, Ownership Election',
  summary: 'Replicas elect one owner through a Kubernetes Lease; the others stand by to take over.',
  icon: 'key',
  params: PARAMS,
  podPorts: () => [],
  expand(ctx): K8sObject[] {
    const c = ctx.component;
    const name = leaseName(c);
    const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });
    const worker = container('app', c.params.image, undefined, {
      env: [
        { name: 'LEASE_NAME', value: name },
        { name: 'LEASE_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
        { name: 'LEASE_DURATION_SECONDS', value: String(c.params.leaseDurationSeconds) },
        { name: 'RENEW_DEADLINE_SECONDS', value: String(c.params.renewDeadlineSeconds) },
        { name: 'RETRY_PERIOD_SECONDS', value: String(c.params.retryPeriodSeconds) },
        // The candidate's identity in the Lease's holderIdentity.
        { name: 'POD_NAME', valueFrom: fieldRef('metadata.name') },
      ],
    });
    const lease: K8sObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: ctx.meta(name),
      spec: { leaseDurationSeconds: c.params.leaseDurationSeconds },
    };
    const leases = { apiGroups: ['coordination.k8s.io'], resources: ['leases'] };
    return [
      // get/update can be limited to this Lease; create cannot be limited by name (RBAC has no name before creation).
      ...rbac(ctx.meta(c.id), [
        { ...leases, verbs: ['get', 'update'], resourceNames: [name] },
        { ...leases, verbs: ['create'] },
      ]),
      lease,
      deployment(ctx.meta(c.id), c.params.replicas, ctx.selector, ctx.podTemplate({ serviceAccountName: c.id, containers: [worker] })),
    ];
  },
  rules(ctx) {
    const { id, params } = ctx.component;
    const out: Diagnostic[] = [...leaseTimingRule(ctx)];
    const replicas = params.replicas;
    if (replicas < 2) {
      out.push({
        code: 'PC061',
        severity: 'warning',
        message: `'${id}' has ${replicas} replica(s): with fewer than 2 there is nothing to elect. Run at least 2 so a standby takes over.`,
        path: ctx.at('replicas'),
        fix: { kind: 'set', path: ctx.at('replicas'), value: 3, title: 'Set replicas to 3' },
      });
    }
    if (replicas === 1) {
      out.push({
        code: 'PC062',
        severity: 'info',
        message: `'${id}' runs a single replica: ask whether a singleton that Kubernetes restarts is enough; then the Lease and its RBAC are not needed.`,
        path: ctx.at('replicas'),
      });
    }
    const lease = params.leaseDurationSeconds;
    const retry = params.retryPeriodSeconds;
    if (retry > lease / 2) {
      const value = Math.max(1, Math.floor(lease / 2));
      out.push({
        code: 'PC063',
        severity: 'warning',
        message: `'${id}' retries renewal every ${retry}s on a ${lease}s lease: one missed attempt lets the lease expire. Renew at least twice per lease (retryPeriodSeconds ≤ ${value}).`,
        path: ctx.at('retryPeriodSeconds'),
        fix: { kind: 'set', path: ctx.at('retryPeriodSeconds'), value, title: `Set retryPeriodSeconds to ${value}` },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC060', severity: 'error', title: 'Lease timing', doc: 'client-go leader election requires leaseDuration > renewDeadline > 1.2 × retryPeriod (defaults 15, 10, 2 seconds).' },
    { code: 'PC061', severity: 'warning', title: 'Nothing to elect', doc: 'An election needs at least 2 replicas; with one there is no standby to take over.' },
    { code: 'PC062', severity: 'info', title: 'Is a singleton enough?', doc: 'A single replica that Kubernetes restarts may be all a task needs; an election adds a Lease and RBAC.' },
    { code: 'PC063', severity: 'warning', title: 'Renewal too late', doc: 'The owner should try to renew at least twice per lease (retryPeriod ≤ leaseDuration / 2), well before expiry.' },
  ],
};

/** leaseDuration > renewDeadline > 1.2 × retryPeriod, reported at the parameter to change, with a value that satisfies it. */
export function leaseTimingRule(ctx: RuleContext<Params>): Diagnostic[] {
  const { id, params } = ctx.component;
  const lease = params.leaseDurationSeconds;
  const renew = params.renewDeadlineSeconds;
  const retry = params.retryPeriodSeconds;
  const need = `leaseDuration > renewDeadline > ${JITTER} × retryPeriod`;
  const diag = (param: string, value: number, why: string): Diagnostic => ({
    code: 'PC060',
    severity: 'error',
    message: `'${id}': ${why}; client-go needs ${need}. Set ${param} to ${value}.`,
    path: ctx.at(param),
    fix: { kind: 'set', path: ctx.at(param), value, title: `Set ${param} to ${value}` },
  });
  const out: Diagnostic[] = [];
  if (lease <= renew) out.push(diag('leaseDurationSeconds', Math.ceil(renew * 1.5), `leaseDuration ${lease}s is not above renewDeadline ${renew}s`));
  if (renew <= JITTER * retry) {
    // Shrink the retry period when a whole second still fits below the deadline; otherwise the deadline must grow.
    const why = `renewDeadline ${renew}s is not above ${JITTER} × retryPeriod ${retry}s`;
    let maxRetry = Math.floor(renew / JITTER);
    while (maxRetry >= 1 && renew <= JITTER * maxRetry) maxRetry--;
    out.push(maxRetry >= 1 ? diag('retryPeriodSeconds', maxRetry, why) : diag('renewDeadlineSeconds', Math.floor(JITTER * retry) + 1, why));
  }
  return out;
}
