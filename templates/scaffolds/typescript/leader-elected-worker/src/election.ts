/** Leader election on a coordination.k8s.io/v1 Lease, as pure functions of the Lease and the clock. */

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  [field: string]: unknown;
}

/** Metadata is kept as the server sent it: its labels survive an update, and its resourceVersion makes the update fail if anyone wrote the Lease in between. */
export interface Lease {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: LeaseSpec;
}

export type Action = 'create' | 'renew' | 'acquire' | 'standby';

/**
 * When this candidate last saw the Lease's holder or renewTime change. Expiry is measured on our own clock from
 * that moment, as client-go does, so skew between nodes' clocks cannot hand the Lease over early.
 */
export interface Observed {
  record: string;
  at: number;
}

export const NEVER: Observed = { record: '', at: 0 };

/** The election: what to do given the Lease (undefined when it does not exist), who we are, and now (ms). */
export function decide(lease: Lease | undefined, self: string, now: number, seen: Observed): [Action, Observed] {
  if (!lease) return ['create', seen];
  const holder = lease.spec.holderIdentity ?? '';
  const record = `${holder}|${lease.spec.renewTime ?? ''}`;
  if (record !== seen.record) seen = { record, at: now };
  if (holder === self) return ['renew', seen];
  if (!holder || now > seen.at + (lease.spec.leaseDurationSeconds ?? 0) * 1000) return ['acquire', seen];
  return ['standby', seen];
}

/** A MicroTime, as the Lease's times are written: RFC 3339 with microseconds. */
export const microTime = (now: number): string => new Date(now).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** The Lease after the action: held by us, renewed now. */
export function claim(lease: Lease | undefined, action: Action, self: string, now: number, durationSeconds: number): Lease {
  const next: Lease = lease ? { ...lease, spec: { ...lease.spec } } : { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {}, spec: {} };
  const stamp = microTime(now);
  next.spec.leaseDurationSeconds = durationSeconds;
  next.spec.renewTime = stamp;
  if (action !== 'renew') {
    next.spec.holderIdentity = self;
    next.spec.acquireTime = stamp;
  }
  if (action === 'acquire') next.spec.leaseTransitions = (next.spec.leaseTransitions ?? 0) + 1;
  return next;
}

/** Whether a leader that last renewed at lastRenew may still work. It gives up after the renew deadline, before any standby (waiting a whole lease duration) can take over. */
export const keepLeading = (lastRenew: number, now: number, renewDeadlineMs: number): boolean => now - lastRenew < renewDeadlineMs;

/** Another candidate wrote the Lease first. */
export class Conflict extends Error {}

/** The API server as the election needs it; create and update reject with Conflict when another candidate wrote first. */
export interface LeaseClient {
  get(): Promise<Lease | undefined>;
  create(lease: Lease): Promise<void>;
  update(lease: Lease): Promise<void>;
}

/** One candidate. */
export class Elector {
  private seen = NEVER;
  constructor(
    readonly client: LeaseClient,
    readonly self: string,
    readonly durationSeconds: number,
  ) {}

  /** One attempt: whether we hold the Lease now. */
  async tryAcquireOrRenew(now: number): Promise<boolean> {
    const lease = await this.client.get();
    const [action, seen] = decide(lease, this.self, now, this.seen);
    this.seen = seen;
    if (action === 'standby') return false;
    try {
      const next = claim(lease, action, this.self, now, this.durationSeconds);
      await (action === 'create' ? this.client.create(next) : this.client.update(next));
      return true;
    } catch (e) {
      if (e instanceof Conflict) return false;
      throw e;
    }
  }
}
