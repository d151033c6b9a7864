import type { Direction, Provider } from './providers.ts';
import { isFinalStatus, type UnifiedStatus } from './status.ts';

const second = 1000;
const minute = 60 * second;

function backoff(baseMs: number, attempts: number, capMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(attempts, 16), capMs);
}

/**
 * When to ask the provider about a payment again; null when its status is final. Klavi
 * is polled because polling is its source of truth; Kashimi UNKNOWN must keep being looked
 * up (it is not a failure); Kasha 1100 is settled by a lookup, never by re-sending.
 */
export function nextStatusCheckAt(
  payment: { provider: Provider; direction: Direction; status: UnifiedStatus; checkAttempts: number },
  now: Date,
): Date | null {
  if (isFinalStatus(payment.status)) return null;
  const attempts = payment.checkAttempts;
  let delay: number;
  switch (payment.provider) {
    case 'klavi':
      delay = backoff(5 * second, attempts, 10 * minute);
      break;
    case 'kashimi':
      delay = payment.status === 'UNKNOWN' ? 5 * minute : backoff(30 * second, attempts, 15 * minute);
      break;
    case 'kasha':
      // A payout waits for our own decision, not for Kasha: a slow re-check is enough.
      delay = payment.status === 'UNKNOWN' ? 10 * minute : payment.direction === 'payout' ? 60 * minute : backoff(minute, attempts, 30 * minute);
      break;
  }
  return new Date(now.getTime() + delay);
}
