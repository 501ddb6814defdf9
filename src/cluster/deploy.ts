/**
 * Plan, apply, prune and delete a design's objects with server-side apply under one field manager.
 * Every object gets a result; nothing is left half-applied without being reported.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { applyPhases, changedFields, type PlannedChange } from '../core/deploy/diff';
import { LABEL_NAME } from '../core/generate/labels';
import type { K8sObject } from '../core/k8s/types';
import { APPLYSET_GROUP_KINDS, APPLYSET_PART_OF, applySetId, asMember, groupKind, parentName, parentObject } from './applyset';
import { mapLimit } from './concurrency';
import { type ApiFailure, apiFailure, isNotFound } from './errors';
import { KubeRest } from './rest';

export const FIELD_MANAGER = 'pattern-canvas';

export type Outcome = 'created' | 'configured' | 'unchanged' | 'pruned' | 'failed' | 'conflict' | 'skipped';

export interface ObjectResult {
  kind: string;
  name: string;
  namespace?: string;
  component?: string;
  outcome: Outcome;
  message?: string;
  conflicts?: ApiFailure['conflicts'];
}

export interface ApplyOptions {
  force?: boolean;
  signal?: AbortSignal;
  concurrency?: number;
  onResult?: (r: ObjectResult, done: number, total: number) => void;
}

/** apiVersion to list a group-kind with, for kinds a previous apply may have left behind. */
const VERSIONS: Record<string, string> = {
  'Deployment.apps': 'apps/v1',
  'StatefulSet.apps': 'apps/v1',
  'DaemonSet.apps': 'apps/v1',
  'Job.batch': 'batch/v1',
  'CronJob.batch': 'batch/v1',
  'Role.rbac.authorization.k8s.io': 'rbac.authorization.k8s.io/v1',
  'RoleBinding.rbac.authorization.k8s.io': 'rbac.authorization.k8s.io/v1',
  'NetworkPolicy.networking.k8s.io': 'networking.k8s.io/v1',
  'Lease.coordination.k8s.io': 'coordination.k8s.io/v1',
  'PodDisruptionBudget.policy': 'policy/v1',
  'HorizontalPodAutoscaler.autoscaling': 'autoscaling/v2',
};
const versionOf = (gk: string): string => VERSIONS[gk] ?? (gk.includes('.') ? `${gk.slice(gk.indexOf('.') + 1)}/v1` : 'v1');
const kindOf = (gk: string): string => gk.split('.')[0]!;

const describe = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

export class Deployer {
  private readonly api: KubeRest;

  constructor(
    kc: KubeConfig,
    private readonly design: string,
    private readonly namespace: string,
  ) {
    this.api = new KubeRest(kc);
  }

  /** Closes the kept-alive connections. */
  dispose(): void {
    this.api.dispose();
  }

  get applySetId(): string {
    return applySetId(parentName(this.design), this.namespace);
  }

  /** Server-side dry-run of every object and a diff against what is live, plus what prune would delete. */
  async plan(objects: readonly K8sObject[], concurrency = 8): Promise<{ changes: PlannedChange[]; failures: ObjectResult[] }> {
    const failures: ObjectResult[] = [];
    const members = this.members(objects);
    const changes = (
      await mapLimit(members, concurrency, async (o): Promise<PlannedChange | undefined> => {
        if (o.kind === 'Namespace' && (await this.api.get(o).catch(() => undefined))) return { kind: o.kind, name: o.metadata.name, change: 'unchanged', fields: [] };
        const base = { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, component: o.metadata.labels?.[LABEL_NAME] };
        let live: K8sObject | undefined;
        try {
          live = await this.api.get(o);
        } catch (e) {
          return void failures.push(this.failure(o, e, 'read'));
        }
        try {
          // The dry-run runs for new objects too: admission and validation refuse what apply would refuse.
          const next = await this.api.apply(o, { fieldManager: FIELD_MANAGER, dryRun: true });
          if (!live) return { ...base, change: 'create', fields: [] };
          const fields = changedFields(live, next);
          return { ...base, change: fields.length ? 'change' : 'unchanged', fields };
        } catch (e) {
          return void failures.push(this.failure(o, e, 'dry-run apply'));
        }
      })
    ).filter((c): c is PlannedChange => !!c);
    const prune = await this.pruneCandidates(objects);
    for (const p of prune) changes.push({ kind: p.kind, name: p.metadata.name, namespace: this.namespace, component: p.metadata.labels?.[LABEL_NAME], change: 'prune', fields: [] });
    return { changes, failures };
  }

  /** Apply: parent first (superset of kinds), Namespaces, then the rest concurrently; then prune; then shrink the parent. */
  async apply(objects: readonly K8sObject[], opts: ApplyOptions = {}): Promise<ObjectResult[]> {
    const members = this.members(objects);
    const previous = await this.previousGroupKinds();
    const current = members.filter((o) => o.kind !== 'Namespace').map(groupKind);
    const results: ObjectResult[] = [];
    const total = members.length;
    const report = (r: ObjectResult) => {
      results.push(r);
      opts.onResult?.(r, results.length, total);
    };
    const live = await this.liveVersions(members);
    const phases = applyPhases(members);
    const [first, ...rest] = phases[0]?.[0]?.kind === 'Namespace' ? phases : [[], ...phases];
    for (const o of first ?? []) report(o.kind === 'Namespace' ? await this.ensureNamespace(o) : await this.applyOne(o, opts.force));
    // The parent must list every kind it may own before members exist, so a crash never orphans them.
    const parent = await this.applyOne(parentObject(this.design, this.namespace, [...previous, ...current]), true);
    if (parent.outcome === 'failed') {
      report(parent);
      for (const o of members.filter((m) => !first?.includes(m))) report({ ...this.base(o), outcome: 'skipped', message: 'not applied: the ApplySet parent could not be written' });
      return results;
    }
    for (const phase of rest) await mapLimit(phase, opts.concurrency ?? 8, async (o) => report(await this.applyOne(o, opts.force, live)), opts.signal);
    for (const o of members) if (!results.some((r) => r.kind === o.kind && r.name === o.metadata.name)) report({ ...this.base(o), outcome: 'skipped', message: 'cancelled before it was applied' });
    if (opts.signal?.aborted || results.some((r) => r.outcome === 'failed' || r.outcome === 'conflict')) return results; // prune only after a clean apply
    for (const p of await this.pruneCandidates(objects, previous)) report(await this.deleteOne(p));
    await this.applyOne(parentObject(this.design, this.namespace, current), true);
    return results;
  }

  /** Undeploy: delete every member of the design's ApplySet, then the parent. The Namespace stays. */
  async destroy(opts: Pick<ApplyOptions, 'onResult'> = {}): Promise<ObjectResult[]> {
    const results: ObjectResult[] = [];
    const doomed = await this.pruneCandidates([]);
    for (const o of doomed) {
      const r = await this.deleteOne(o);
      results.push(r);
      opts.onResult?.(r, results.length, doomed.length);
    }
    if (!results.some((r) => r.outcome === 'failed')) {
      const parent = parentObject(this.design, this.namespace, []);
      try {
        await this.api.delete(parent);
      } catch (e) {
        if (!isNotFound(e)) results.push(this.failure(parent, e, 'delete'));
      }
    }
    return results;
  }

  private members(objects: readonly K8sObject[]): K8sObject[] {
    const id = this.applySetId;
    // The Namespace may hold objects of others: it is created when missing but never a member, so never pruned.
    return objects.map((o) => (o.kind === 'Namespace' ? o : asMember(o, id)));
  }

  private async previousGroupKinds(): Promise<string[]> {
    try {
      const p = await this.api.get(parentObject(this.design, this.namespace, []));
      return (p?.metadata.annotations?.[APPLYSET_GROUP_KINDS] ?? '').split(',').filter(Boolean);
    } catch (e) {
      throw new Error(`cannot read the ApplySet parent ${parentName(this.design)}: ${apiFailure(e).message}`);
    }
  }

  /** Members of this ApplySet (by its id label, in the kinds its parent lists) that the design no longer has. */
  private async pruneCandidates(objects: readonly K8sObject[], previous?: readonly string[]): Promise<K8sObject[]> {
    const keep = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
    const kinds = new Set([...(previous ?? (await this.previousGroupKinds())), ...objects.filter((o) => o.kind !== 'Namespace').map(groupKind)]);
    const out: K8sObject[] = [];
    for (const gk of [...kinds].sort()) {
      const items = await this.api.list(versionOf(gk), kindOf(gk), this.namespace, `${APPLYSET_PART_OF}=${this.applySetId}`).catch((e: unknown) => {
        if (isNotFound(e)) return []; // a kind the server no longer serves has nothing left to prune
        throw e;
      });
      for (const item of items) {
        // Double-check the label: a prune that trusted the selector alone would be one bug away from deleting others' objects.
        if (item.metadata.labels?.[APPLYSET_PART_OF] !== this.applySetId) continue;
        if (!keep.has(`${kindOf(gk)}/${item.metadata.name}`)) out.push(item);
      }
    }
    return out;
  }

  /** A Namespace that exists is left as it is: users with rights only inside it can still deploy. */
  private async ensureNamespace(o: K8sObject): Promise<ObjectResult> {
    try {
      if (await this.api.get(o)) return { ...this.base(o), outcome: 'unchanged' };
    } catch (e) {
      if (apiFailure(e).status !== 403) return this.failure(o, e, 'read');
    }
    return this.applyOne(o);
  }

  /** resourceVersions of this set's live members, listed once per kind, to tell created/configured/unchanged apart. */
  private async liveVersions(objects: readonly K8sObject[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const gk of new Set(objects.filter((o) => o.kind !== 'Namespace').map(groupKind))) {
      try {
        const items = await this.api.list(versionOf(gk), kindOf(gk), this.namespace, `${APPLYSET_PART_OF}=${this.applySetId}`);
        for (const item of items) out.set(`${kindOf(gk)}/${item.metadata.name}`, (item.metadata as { resourceVersion?: string }).resourceVersion ?? '');
      } catch {
        // Unknown here means "created" in the report; the apply itself still runs and reports its own errors.
      }
    }
    return out;
  }

  private async applyOne(o: K8sObject, force = false, live?: Map<string, string>): Promise<ObjectResult> {
    try {
      const res = await this.api.apply(o, { fieldManager: FIELD_MANAGER, force });
      const before = live?.get(`${o.kind}/${o.metadata.name}`);
      const after = (res.metadata as { resourceVersion?: string }).resourceVersion;
      return { ...this.base(o), outcome: before === undefined ? 'created' : before === after ? 'unchanged' : 'configured' };
    } catch (e) {
      const f = apiFailure(e);
      if (f.status === 409 && f.conflicts) {
        const owners = f.conflicts.map((c) => `${c.field} (owned by ${c.manager})`).join(', ');
        return { ...this.base(o), outcome: 'conflict', message: `${describe(o)}: fields managed by others: ${owners}. Apply again with force to take them over.`, conflicts: f.conflicts };
      }
      return this.failure(o, e, 'apply');
    }
  }

  private async deleteOne(o: K8sObject): Promise<ObjectResult> {
    try {
      await this.api.delete(o);
      return { ...this.base(o), outcome: 'pruned' };
    } catch (e) {
      if (isNotFound(e)) return { ...this.base(o), outcome: 'pruned', message: 'already gone' };
      return this.failure(o, e, 'delete');
    }
  }

  private base(o: K8sObject): Omit<ObjectResult, 'outcome'> {
    return { kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), ...(o.metadata.labels?.[LABEL_NAME] ? { component: o.metadata.labels[LABEL_NAME] } : {}) };
  }

  private failure(o: K8sObject, e: unknown, verb: string): ObjectResult {
    const f = apiFailure(e);
    const why = f.status === 403 ? `forbidden to ${verb} ${describe(o)}: ${f.message}` : `${verb} ${describe(o)} failed (${f.reason}): ${f.message}`;
    return { ...this.base(o), outcome: 'failed', message: why };
  }
}
