import { describe, expect, it } from 'vitest';
import {
  UNIFIED_STATUSES,
  UNIFIED_STATUS_LABELS,
  UNIFIED_STATUS_MEANINGS,
  canTransition,
  isConflictingTransition,
  isFinalStatus,
  statusName,
  unifiedStatusSchema,
} from './status.ts';

describe('unified statuses', () => {
  it('has a label and a one-line meaning for every status', () => {
    for (const status of UNIFIED_STATUSES) {
      expect(UNIFIED_STATUS_LABELS[status].length).toBeGreaterThan(0);
      expect(UNIFIED_STATUS_MEANINGS[status].length).toBeGreaterThan(0);
      expect(UNIFIED_STATUS_MEANINGS[status]).not.toContain('\n');
    }
  });

  it('validates statuses with the schema', () => {
    expect(unifiedStatusSchema.parse('REFUNDED')).toBe('REFUNDED');
    expect(unifiedStatusSchema.safeParse('DECLINED').success).toBe(false);
  });
});

describe('isFinalStatus', () => {
  it('treats completed, failed and refunded as final', () => {
    expect(isFinalStatus('COMPLETED')).toBe(true);
    expect(isFinalStatus('FAILED')).toBe(true);
    expect(isFinalStatus('REFUNDED')).toBe(true);
  });

  it('keeps pending and unknown open so they are looked up again', () => {
    expect(isFinalStatus('PENDING')).toBe(false);
    expect(isFinalStatus('UNKNOWN')).toBe(false);
  });
});

describe('canTransition', () => {
  it('lets an open status move anywhere', () => {
    for (const from of ['PENDING', 'UNKNOWN'] as const) {
      for (const to of UNIFIED_STATUSES) expect(canTransition(from, to)).toBe(true);
    }
  });

  it('lets UNKNOWN go back to PENDING while the provider works it out', () => {
    expect(canTransition('UNKNOWN', 'PENDING')).toBe(true);
  });

  it('never lets a final status regress to pending or unknown', () => {
    for (const from of ['COMPLETED', 'FAILED', 'REFUNDED'] as const) {
      expect(canTransition(from, 'PENDING')).toBe(false);
      expect(canTransition(from, 'UNKNOWN')).toBe(false);
    }
  });

  it('allows a completed payment to be refunded', () => {
    expect(canTransition('COMPLETED', 'REFUNDED')).toBe(true);
  });

  it('keeps final statuses sticky against a contradicting final status', () => {
    expect(canTransition('FAILED', 'COMPLETED')).toBe(false);
    expect(canTransition('COMPLETED', 'FAILED')).toBe(false);
    expect(canTransition('REFUNDED', 'COMPLETED')).toBe(false);
    expect(canTransition('FAILED', 'REFUNDED')).toBe(false);
  });

  it('allows the same status again so a newer event can refresh the details', () => {
    for (const status of UNIFIED_STATUSES) expect(canTransition(status, status)).toBe(true);
  });
});

describe('isConflictingTransition', () => {
  it('flags a late success after a failure for a person to review', () => {
    expect(isConflictingTransition('FAILED', 'COMPLETED')).toBe(true);
    expect(isConflictingTransition('COMPLETED', 'FAILED')).toBe(true);
  });

  it('does not flag ordinary late or allowed events', () => {
    expect(isConflictingTransition('COMPLETED', 'PENDING')).toBe(false);
    expect(isConflictingTransition('FAILED', 'UNKNOWN')).toBe(false);
    expect(isConflictingTransition('COMPLETED', 'REFUNDED')).toBe(false);
    expect(isConflictingTransition('PENDING', 'FAILED')).toBe(false);
  });
});

describe('statusName', () => {
  it('names a unified status, and keeps an unknown value as it was sent', () => {
    expect(statusName('FAILED')).toBe('Failed');
    expect(statusName('ON_HOLD')).toBe('ON_HOLD');
  });
});
