import { z } from 'zod';

export type UnifiedStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN' | 'REFUNDED';

export const UNIFIED_STATUSES = [
  'PENDING',
  'COMPLETED',
  'FAILED',
  'UNKNOWN',
  'REFUNDED',
] as const satisfies readonly UnifiedStatus[];

export const unifiedStatusSchema = z.enum(UNIFIED_STATUSES);

export const UNIFIED_STATUS_LABELS: Readonly<Record<UnifiedStatus, string>> = {
  PENDING: 'Pending',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  UNKNOWN: 'Unknown',
  REFUNDED: 'Refunded',
};

/** A unified status as staff read it; a value we do not know is shown as sent. */
export function statusName(value: string): string {
  return value in UNIFIED_STATUS_LABELS ? UNIFIED_STATUS_LABELS[value as UnifiedStatus] : value;
}

export const UNIFIED_STATUS_MEANINGS: Readonly<Record<UnifiedStatus, string>> = {
  PENDING: 'Still in progress: waiting on the customer, the provider or the bank.',
  COMPLETED: 'The money moved successfully.',
  FAILED: 'The payment stopped and will not go further; see the failure reason.',
  UNKNOWN: 'The outcome is not known yet. Not a failure: we keep checking, or a person confirms it with the provider.',
  REFUNDED: 'The payment succeeded and the money was later sent back to the customer.',
};

export const FINAL_STATUSES = ['COMPLETED', 'FAILED', 'REFUNDED'] as const satisfies readonly UnifiedStatus[];

/** True for outcomes that need no more polling; UNKNOWN is deliberately not final. */
export function isFinalStatus(status: UnifiedStatus): boolean {
  return (FINAL_STATUSES as readonly UnifiedStatus[]).includes(status);
}

/**
 * Whether an incoming provider status may replace the current one.
 *
 * Final statuses are sticky, with one exit: COMPLETED → REFUNDED. We chose this over
 * accepting a late FAILED → COMPLETED because automation (credits, payouts, analytics)
 * must be able to trust a final status; a provider that contradicts itself is a case
 * for a person (see `isConflictingTransition`), who resolves it manually outside this rule.
 * PENDING/UNKNOWN → REFUNDED is allowed because a refund proves a completion we missed.
 * Same-to-same is allowed so a newer event can refresh the detailed status.
 */
export function canTransition(from: UnifiedStatus, to: UnifiedStatus): boolean {
  if (from === to) return true;
  if (!isFinalStatus(from)) return true;
  return from === 'COMPLETED' && to === 'REFUNDED';
}

/**
 * True when a final status is contradicted by a different final status we refuse to
 * apply (e.g. FAILED then COMPLETED). The event is still kept in the history; the
 * payment should be flagged for review because money may have moved after all.
 * A late PENDING/UNKNOWN after a final status is ordinary noise, not a conflict.
 */
export function isConflictingTransition(from: UnifiedStatus, to: UnifiedStatus): boolean {
  return isFinalStatus(from) && isFinalStatus(to) && !canTransition(from, to);
}
