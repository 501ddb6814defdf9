/**
 * Ownership election with client-go timing: the owner renews every retryPeriod; a standby polls every retryPeriod
 * plus up to 1.2x jitter (so 1 to 2.2 retry periods), notes when it last saw the record change, and takes over at its
 * first poll after that moment plus leaseDuration.
 */
import type { PatternParams } from '../../patterns/index';
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { round } from '../estimate-types';

export const JITTER_FACTOR = 1.2;

export interface LeaseTiming {
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
}

/** Owner crashes just after a renewal that a standby sees one longest poll later; it takes over a longest poll after expiry. */
export const worstFailoverSeconds = (t: LeaseTiming): number => t.leaseDurationSeconds + 2 * (1 + JITTER_FACTOR) * t.retryPeriodSeconds;

/**
 * Mean failover with one standby: expiry after the standby's sighting, less the crash's place in the renew period (half
 * a period), plus the wait to its next poll; both waits are the residual of a poll interval uniform on [rp, 2.2 rp].
 */
export function meanFailoverOneStandbySeconds(t: LeaseTiming): number {
  const a = t.retryPeriodSeconds;
  const b = (1 + JITTER_FACTOR) * t.retryPeriodSeconds;
  const mean = (a + b) / 2;
  const residual = (mean * mean + (b - a) ** 2 / 12) / (2 * mean);
  return t.leaseDurationSeconds + 2 * residual - a / 2;
}

export function estimateElection(c: ResolvedComponent<PatternParams['ownership-election']>): Estimate {
  const t: LeaseTiming = {
    leaseDurationSeconds: c.params.leaseDurationSeconds,
    renewDeadlineSeconds: c.params.renewDeadlineSeconds,
    retryPeriodSeconds: c.params.retryPeriodSeconds,
  };
  const worst = worstFailoverSeconds(t);
  const mean = meanFailoverOneStandbySeconds(t);
  const overlap = t.leaseDurationSeconds - t.renewDeadlineSeconds;
  const renewSlack = t.renewDeadlineSeconds - JITTER_FACTOR * t.retryPeriodSeconds;
  return {
    id: c.id,
    pattern: c.pattern,
    failoverSeconds: worst,
    figures: {
      worstFailoverSeconds: round(worst),
      meanFailoverOneStandbySeconds: round(mean),
      gracefulHandoverSeconds: round((1 + JITTER_FACTOR) * t.retryPeriodSeconds),
      leaseMinusRenewDeadlineSeconds: round(overlap),
      renewDeadlineMinusJitteredRetrySeconds: round(renewSlack),
      renewAttemptsBeforeGivingUp: Math.floor(t.renewDeadlineSeconds / t.retryPeriodSeconds),
    },
    notes: [
      `If the owner dies, a standby takes over within ${round(worst)} s (about ${round(mean)} s on average with one standby).`,
      `Safety margins: the lease outlives the renew deadline by ${round(overlap)} s (must exceed clock skew); the renew deadline leaves ${round(renewSlack)} s beyond one jittered retry.`,
    ],
  };
}
