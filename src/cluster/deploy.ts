/**
 * Plan, apply, prune and delete a design's objects with server-side apply under one field manager.
 * Every object gets a result; nothing is left half-applied without being reported.
 */
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { applyPhases, changedFields, type PlannedChange } from '../core/deploy/diff';
import { APPLIED_DIGEST, inSync, withDigest } from '../core/deploy/in-sync';
import type { ObjectResult } from '../core/deploy/results';
import { LABEL_NAME } from '../core/generate/labels';
import type { K8sObject } from '../core/k8s/types';
import { APPLYSET_GROUP_KINDS, APPLYSET_PART_OF, applySetId, asMember, groupKind, parentName, parentObject } from './applyset';
import { mapLimit } from './concurrency';
import { apiFailure, isNotFound } from './errors';
import { ApiError, KubeRest } from './rest';

export const FIELD_MANAGER = 'pattern-canvas';

export type { ObjectResult, Outcome } from '../core/deploy/results';

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

/** Kind/name: an object's identity within the set's namespace. */
const memberKey = (o: { kind: string; metadata: { name: string } }): string => `${o.kind}/${o.metadata.name}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

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
    const set = await this.readSet(objects);
    const changes = (
      await mapLimit(members, concurrency, async (o): Promise<PlannedChange | undefined> => {
        if (o.kind === 'Namespace' && (await this.api.get(o).catch(() => undefined))) return { kind: o.kind, name: o.metadata.name, change: 'unchanged', fields: [] };
        const base = { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, component: o.metadata.labels?.[LABEL_NAME] };
        // Members come from the set's lists; anything else may still exist outside the set, so it is read.
        let live = set.live.get(memberKey(o));
        try {
          live ??= await this.api.get(o);
        } catch (e) {
          return void failures.push(this.failure(o, e, 'read'));
        }
        // The server accepted this very configuration before and it still holds: apply would change nothing.
        if (inSync(o, live)) return { ...base, change: 'unchanged', fields: [] };
        try {
          // The dry-run runs for new objects too: admission and validation refuse what apply would refuse.
          const { body: next, warnings } = await this.api.apply(o, { fieldManager: FIELD_MANAGER, dryRun: true });
          const told = warnings.length ? { warnings } : {};
          if (!live) return { ...base, change: 'create', fields: [], ...told };
          const fields = changedFields(live, next);
          return { ...base, change: fields.length ? 'change' : 'unchanged', fields, ...told };
        } catch (e) {
          return void failures.push(this.failure(o, e, 'dry-run apply'));
        }
      })
    ).filter((c): c is PlannedChange => !!c);
    for (const p of this.pruneCandidates(objects, set.live)) changes.push({ kind: p.kind, name: p.metadata.name, namespace: this.namespace, component: p.metadata.labels?.[LABEL_NAME], change: 'prune', fields: [] });
    return { changes, failures };
  }

  /**
   * Apply: parent first (superset of kinds), Namespaces, then the rest concurrently; then prune; then shrink the
   * parent. Objects whose live state already is their configuration are not sent again (core/deploy/in-sync).
   */
  async apply(objects: readonly K8sObject[], opts: ApplyOptions = {}): Promise<ObjectResult[]> {
    const members = this.members(objects);
    const { parent: liveParent, previous, live } = await this.readSet(objects);
    const current = members.filter((o) => o.kind !== 'Namespace').map(groupKind);
    const results: ObjectResult[] = [];
    const total = members.length;
    const report = (r: ObjectResult) => {
      results.push(r);
      opts.onResult?.(r, results.length, total);
    };
    const phases = applyPhases(members);
    const [first, ...rest] = phases[0]?.[0]?.kind === 'Namespace' ? phases : [[], ...phases];
    for (const o of first ?? []) report(o.kind === 'Namespace' ? await this.ensureNamespace(o) : await this.applyOne(o, { force: opts.force }));
    // The parent must list every kind it may own before members exist, so a crash never orphans them.
    const widened = this.parent([...previous, ...current]);
    const parent = await this.applyOne(widened, { force: true, live: liveParent });
    if (parent.outcome === 'failed') {
      report(parent);
      for (const o of members.filter((m) => !first?.includes(m))) report({ ...this.base(o), outcome: 'skipped', message: 'not applied: the ApplySet parent could not be written' });
      return results;
    }
    for (const phase of rest) await mapLimit(phase, opts.concurrency ?? 8, async (o) => report(await this.applyOne(o, { force: opts.force, live: live.get(memberKey(o)) })), opts.signal);
    for (const o of members) if (!results.some((r) => r.kind === o.kind && r.name === o.metadata.name)) report({ ...this.base(o), outcome: 'skipped', message: 'cancelled before it was applied' });
    if (opts.signal?.aborted || results.some((r) => r.outcome === 'failed' || r.outcome === 'conflict')) return results; // prune only after a clean apply
    for (const p of this.pruneCandidates(objects, live)) report(await this.deleteOne(p));
    const shrunk = this.parent(current);
    if (shrunk.metadata.annotations?.[APPLIED_DIGEST] !== widened.metadata.annotations?.[APPLIED_DIGEST]) await this.applyOne(shrunk, { force: true });
    return results;
  }

  /** Undeploy: delete every member of the design's ApplySet, then the parent. The Namespace stays. */
  async destroy(opts: Pick<ApplyOptions, 'onResult'> = {}): Promise<ObjectResult[]> {
    const results: ObjectResult[] = [];
    const doomed = this.pruneCandidates([], (await this.readSet([])).live);
    for (const o of doomed) {
      const r = await this.deleteOne(o);
      results.push(r);
      opts.onResult?.(r, results.length, doomed.length);
    }
    if (!results.some((r) => r.outcome === 'failed')) {
      const parent = this.parent([]);
      try {
        await this.api.delete(parent);
      } catch (e) {
        if (!isNotFound(e)) results.push(this.failure(parent, e, 'delete'));
      }
    }
    return results;
  }

  /** Members carry the set's label and the digest of their configuration. */
  private members(objects: readonly K8sObject[]): K8sObject[] {
    const id = this.applySetId;
    // The Namespace may hold objects of others: it is created when missing but never a member, so never pruned.
    return objects.map((o) => (o.kind === 'Namespace' ? o : withDigest(asMember(o, id), sha256)));
  }

  private parent(groupKinds: readonly string[]): K8sObject {
    return withDigest(parentObject(this.design, this.namespace, groupKinds), sha256);
  }

  /**
   * The set as it is: its parent, the kinds the parent lists, and the live members of those kinds and of the
   * design's, listed once per kind (for created/unchanged, for skipping applies, and for prune).
   */
  private async readSet(objects: readonly K8sObject[]): Promise<{ parent?: K8sObject; previous: string[]; live: Map<string, K8sObject> }> {
    let parent: K8sObject | undefined;
    try {
      parent = await this.api.get(this.parent([]));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e; // no answer at all: the transport's message names the server
      throw new Error(`cannot read the ApplySet parent ${parentName(this.design)}: ${apiFailure(e).message}`);
    }
    const previous = (parent?.metadata.annotations?.[APPLYSET_GROUP_KINDS] ?? '').split(',').filter(Boolean);
    const kinds = [...new Set([...previous, ...objects.filter((o) => o.kind !== 'Namespace').map(groupKind)])].sort();
    const live = new Map<string, K8sObject>();
    const lists = await Promise.all(
      kinds.map((gk) =>
        this.api.list(versionOf(gk), kindOf(gk), this.namespace, `${APPLYSET_PART_OF}=${this.applySetId}`).catch((e: unknown) => {
          if (isNotFound(e)) return []; // a kind the server no longer serves has nothing left to prune
          throw new Error(`cannot list the set's ${kindOf(gk)} objects in ${this.namespace} (needed to compare and prune): ${apiFailure(e).message}`);
        }),
      ),
    );
    for (const item of lists.flat()) {
      // Double-check the label: a prune that trusted the selector alone would be one bug away from deleting others' objects.
      if (item.metadata.labels?.[APPLYSET_PART_OF] === this.applySetId) live.set(memberKey(item), item);
    }
    return { parent, previous, live };
  }

  /** Members of this ApplySet (listed by `readSet`) that the design no longer has. */
  private pruneCandidates(objects: readonly K8sObject[], live: ReadonlyMap<string, K8sObject>): K8sObject[] {
    const keep = new Set(objects.map(memberKey));
    return [...live.entries()].filter(([key]) => !keep.has(key)).map(([, o]) => o);
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

  /**
   * One server-side apply; none at all when `live` already is this configuration. Force as well: it only settles
   * conflicts, and where every value is already the configured one there is none to settle.
   */
  private async applyOne(o: K8sObject, opts: { force?: boolean; live?: K8sObject } = {}): Promise<ObjectResult> {
    if (inSync(o, opts.live)) return { ...this.base(o), outcome: 'unchanged' };
    try {
      const { body, warnings, status } = await this.api.apply(o, { fieldManager: FIELD_MANAGER, force: opts.force });
      // Not in the set's lists yet still there (made by someone else, now taken into the set): configured, not created.
      const outcome = status === 201 ? 'created' : opts.live?.metadata.resourceVersion === body.metadata.resourceVersion ? 'unchanged' : 'configured';
      return { ...this.base(o), outcome, ...(warnings.length ? { warnings } : {}) };
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
