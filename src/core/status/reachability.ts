/**
 * Whether what the watches last saw can still be trusted. A watch that cannot reach the API server keeps its last
 * snapshot; painting that snapshot as if it were current is a lie, so every status turns "unknown" with the reason
 * and the time of the last good observation until every watched kind has listed again.
 */
import type { ComponentStatus, LiveHealth } from './component';

export type Reachability =
  | { state: 'reachable'; at: number }
  | { state: 'unreachable'; reason: string; since: number; lastSeen?: number };

/** What a status becomes while the server is out of reach: the last thing seen, and when. */
export interface StaleStatus extends Pick<ComponentStatus, 'summary' | 'replicas'> {
  health: LiveHealth;
  lastSeen?: { health: LiveHealth; at: number };
}

/**
 * Per-kind outcomes of the watch loops -> one verdict for the design. One kind failing is enough to distrust the
 * picture (a Deployment may be fine while its Pods are unknown); all kinds must answer again to trust it.
 * Each call returns true when the verdict changed, so the caller logs and repaints once, not once per retry.
 */
export class ReachabilityTracker {
  private readonly failing = new Map<string, string>();
  private current: Reachability | undefined;
  private lastGood: number | undefined;

  get state(): Reachability | undefined {
    return this.current;
  }

  /** A kind listed or received an event at `now`. */
  succeeded(kind: string, now: number): boolean {
    this.failing.delete(kind);
    if (this.failing.size) return false;
    this.lastGood = now;
    if (this.current?.state === 'reachable') {
      this.current = { state: 'reachable', at: now };
      return false;
    }
    this.current = { state: 'reachable', at: now };
    return true;
  }

  /** A kind's list or watch failed with `message` at `now`. */
  failed(kind: string, message: string, now: number): boolean {
    const reason = unreachableReason(message);
    this.failing.set(kind, reason);
    // A cut connection is how every open watch learns of an outage; the next attempt says more (refused, no
    // answer), and that more precise reason is not replaced again by the cuts of the other kinds' watches.
    if (this.current?.state === 'unreachable' && (this.current.reason === reason || reason === CUT)) return false;
    const since = this.current?.state === 'unreachable' ? this.current.since : now;
    this.current = { state: 'unreachable', reason, since, ...(this.lastGood !== undefined ? { lastSeen: this.lastGood } : {}) };
    return true;
  }
}

const CUT = 'the connection to the API server was cut';

/** A client or server error as the reason a person reads on a badge: what went wrong, in a few words. */
export function unreachableReason(message: string): string {
  const m = message.toLowerCase();
  if (/econnrefused|connection refused/.test(m)) return 'the API server refused the connection (is it running?)';
  if (/enotfound|eai_again|getaddrinfo/.test(m)) return 'the API server\'s address does not resolve';
  if (/ehostunreach|enetunreach|no route/.test(m)) return 'no route to the API server';
  if (/\b401\b|unauthorized/.test(m)) return 'the API server refused the credentials (401 Unauthorized)';
  if (/\b403\b|forbidden/.test(m)) return 'the credentials may not read these objects (403 Forbidden)';
  if (/timed? ?out|etimedout|no answer|went quiet/.test(m)) return 'the API server does not answer';
  if (/econnreset|socket hang up|epipe|\baborted\b|premature close/.test(m)) return CUT;
  if (/certificate|self.signed|tls|ssl/.test(m)) return 'the API server\'s certificate is not trusted';
  return `cannot reach the API server: ${message.split('\n')[0]!.slice(0, 200)}`;
}

/**
 * The statuses to show: as they are while the server is reachable; "unknown" with the last seen health otherwise.
 * `lastSeen` carries forward through repeated failures, so a second outage does not forget what was last true.
 */
export function shownStatuses(
  statuses: Readonly<Record<string, StaleStatus>>,
  reachability: Reachability | undefined,
): Record<string, StaleStatus> {
  if (reachability?.state !== 'unreachable') return { ...statuses };
  const out: Record<string, StaleStatus> = {};
  for (const [id, s] of Object.entries(statuses)) {
    const lastSeen = s.health === 'unknown' ? s.lastSeen : reachability.lastSeen !== undefined ? { health: s.health, at: reachability.lastSeen } : undefined;
    out[id] = {
      health: 'unknown',
      summary: `${reachability.reason}${lastSeen ? `; last seen ${lastSeen.health}` : '; never seen'}`,
      ...(lastSeen ? { lastSeen } : {}),
    };
  }
  return out;
}

/**
 * What the output says when the verdict over all watches changes: one line when the server is lost (or the reason
 * changes), one when it answers again, nothing for a retry that changes nothing. `previous` is the last verdict
 * returned ('up' at the start).
 */
export function outageReport(previous: string, down: { reason: string } | undefined, context: string): { verdict: string; line?: string } {
  const verdict = down ? `down:${down.reason}` : 'up';
  if (verdict === previous) return { verdict };
  const line = down ? `Live status: cannot reach the API server of ${context}: ${down.reason}. Blocks show "unknown" until it answers again.` : `Live status: the API server of ${context} answers again.`;
  return { verdict, line };
}
