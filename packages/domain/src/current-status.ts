import { canTransition, isFinalStatus, type UnifiedStatus } from './status.ts';

/** The status a payment shows now, and what decided it. */
export interface CurrentStatus {
  status: UnifiedStatus;
  /** Provider time of the event that decided it. */
  at: Date;
  /** That event's key; breaks ties between events stamped with the same time. */
  eventKey: string;
  /** True when a person set the status by hand (an uncertain payment resolved manually). */
  isManual?: boolean;
}

export interface StatusCandidate {
  status: UnifiedStatus;
  at: Date;
  eventKey: string;
}

// At equal times a final status outranks a pending one, so that a provider stamping a
// payment's last two steps with the same second still ends on the final one.
const rank: Record<UnifiedStatus, number> = { PENDING: 0, UNKNOWN: 0, FAILED: 1, COMPLETED: 1, REFUNDED: 2 };

function isLater(candidate: StatusCandidate, current: CurrentStatus): boolean {
  const byTime = candidate.at.getTime() - current.at.getTime();
  if (byTime !== 0) return byTime > 0;
  const byRank = rank[candidate.status] - rank[current.status];
  if (byRank !== 0) return byRank > 0;
  return candidate.eventKey > current.eventKey;
}

/**
 * Whether an event becomes the payment's current status. The newest event by provider time
 * wins, whatever order events arrive in, except that a final status is never replaced by
 * anything but a refund of a completed payment. A status set by hand gives way to the
 * provider's next final answer, not to a repeat of "still pending" or "unknown".
 */
export function shouldBecomeCurrent(current: CurrentStatus | null, candidate: StatusCandidate): boolean {
  if (!current) return true;
  if (current.isManual) return isFinalStatus(candidate.status) && candidate.at.getTime() > current.at.getTime();
  return isLater(candidate, current) && canTransition(current.status, candidate.status);
}
