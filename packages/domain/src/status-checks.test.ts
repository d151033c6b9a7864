import { describe, expect, it } from 'vitest';
import { nextStatusCheckAt } from './status-checks.ts';

const now = new Date('2026-11-21T10:00:00Z');
const delayOf = (at: Date | null) => (at ? (at.getTime() - now.getTime()) / 1000 : null);

describe('the next status check', () => {
  it('is never scheduled for a final payment', () => {
    for (const status of ['COMPLETED', 'FAILED', 'REFUNDED'] as const) {
      expect(nextStatusCheckAt({ provider: 'klavi', direction: 'payin', status, checkAttempts: 0 }, now)).toBeNull();
    }
  });

  it('backs off for Klavi from seconds to at most ten minutes', () => {
    expect(delayOf(nextStatusCheckAt({ provider: 'klavi', direction: 'payin', status: 'PENDING', checkAttempts: 0 }, now))).toBe(5);
    expect(delayOf(nextStatusCheckAt({ provider: 'klavi', direction: 'payin', status: 'PENDING', checkAttempts: 3 }, now))).toBe(40);
    expect(delayOf(nextStatusCheckAt({ provider: 'klavi', direction: 'payin', status: 'PENDING', checkAttempts: 50 }, now))).toBe(600);
  });

  it('keeps looking up Kashimi UNKNOWN and Kasha uncertain payments', () => {
    expect(delayOf(nextStatusCheckAt({ provider: 'kashimi', direction: 'payin', status: 'UNKNOWN', checkAttempts: 99 }, now))).toBe(300);
    expect(delayOf(nextStatusCheckAt({ provider: 'kasha', direction: 'payin', status: 'UNKNOWN', checkAttempts: 99 }, now))).toBe(600);
  });
});
