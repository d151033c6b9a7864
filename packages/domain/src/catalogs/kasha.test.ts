import { describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES } from '../failure.ts';
import { UNIFIED_STATUSES } from '../status.ts';
import {
  KASHA_ERROR_CODES,
  KASHA_PAYOUT_ACTIONS,
  KASHA_PAYOUT_STATUSES,
  KASHA_TRANSACTION_STATUSES,
  canonicalKashaCode,
  kashaErrorCode,
  kashaTransactionStatus,
} from './kasha.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

// Every row of Kasha's error table: 1000–1009, 1100, 3000–3026 and 994–999.
const DOCUMENTED_CODES = [...range(1000, 1009), '1100', ...range(3000, 3026), ...range(994, 999)];

const errorEntries = Object.entries(KASHA_ERROR_CODES);

describe('KASHA_ERROR_CODES', () => {
  it('holds exactly the 44 codes of Kasha’s error table', () => {
    expect(DOCUMENTED_CODES).toHaveLength(44);
    expect(Object.keys(KASHA_ERROR_CODES).sort()).toEqual([...DOCUMENTED_CODES].sort());
  });

  it('gives every code a status, Kasha’s reason, a description and a valid category', () => {
    for (const [code, info] of errorEntries) {
      expect(['DECLINED', 'ERROR'], code).toContain(info.status);
      expect(info.reason.trim().length, code).toBeGreaterThan(0);
      expect(info.description.trim().length, code).toBeGreaterThan(10);
      expect(FAILURE_CATEGORIES, code).toContain(info.category);
    }
  });

  it('treats 1100 as an uncertain outcome, the only ERROR row, never as a failure', () => {
    expect(KASHA_ERROR_CODES['1100']).toMatchObject({ status: 'ERROR', category: 'uncertain' });
    expect(errorEntries.filter(([, info]) => info.status === 'ERROR').map(([code]) => code)).toEqual(['1100']);
    expect(errorEntries.filter(([, info]) => info.category === 'uncertain').map(([code]) => code)).toEqual(['1100']);
    expect(KASHA_ERROR_CODES['1100'].description).toMatch(/do not retry/i);
  });

  it('files the common card declines where analysts expect them', () => {
    expect(KASHA_ERROR_CODES['3000'].category).toBe('insufficient_funds');
    expect(KASHA_ERROR_CODES['3001'].category).toBe('issuer_declined');
    expect(KASHA_ERROR_CODES['3004'].category).toBe('authentication_failed');
    expect(KASHA_ERROR_CODES['3007'].category).toBe('card_invalid');
    expect(KASHA_ERROR_CODES['3017'].category).toBe('duplicate');
    expect(KASHA_ERROR_CODES['3021'].category).toBe('blocked_risk');
    expect(KASHA_ERROR_CODES['997'].category).toBe('unsupported');
    expect(KASHA_ERROR_CODES['998'].category).toBe('provider_technical');
  });

  it('looks codes up whether they arrive as numbers, strings or zero-padded', () => {
    expect(kashaErrorCode(1100)?.category).toBe('uncertain');
    expect(kashaErrorCode(' 3000 ')?.category).toBe('insufficient_funds');
    expect(kashaErrorCode('0999')?.reason).toBe('Miscellaneous error');
    expect(canonicalKashaCode('01100')).toBe('1100');
    expect(canonicalKashaCode('0')).toBe('0');
    expect(canonicalKashaCode('')).toBeNull();
  });

  it('returns undefined for codes outside the table', () => {
    expect(kashaErrorCode('4000')).toBeUndefined();
    expect(kashaErrorCode('toString')).toBeUndefined();
    expect(kashaErrorCode(undefined)).toBeUndefined();
  });
});

describe('KASHA_TRANSACTION_STATUSES', () => {
  it('covers the documented statuses and the plausible undocumented ones, flagged', () => {
    const documented = Object.entries(KASHA_TRANSACTION_STATUSES)
      .filter(([, info]) => info.documented)
      .map(([status]) => status);
    const undocumented = Object.entries(KASHA_TRANSACTION_STATUSES)
      .filter(([, info]) => !info.documented)
      .map(([status]) => status);
    expect(documented).toEqual(['PENDING', 'PROCESSING', 'COMPLETED', 'DECLINED', 'ERROR', 'REFUNDED']);
    expect(undocumented).toEqual(['CANCELLED', 'EXPIRED']);
  });

  it('gives every status a meaning, a step label and a valid unified status', () => {
    for (const [status, info] of Object.entries(KASHA_TRANSACTION_STATUSES)) {
      expect(info.meaning.length, status).toBeGreaterThan(10);
      expect(info.step.length, status).toBeGreaterThan(0);
      expect(UNIFIED_STATUSES, status).toContain(info.unified);
      if (info.fallbackCategory !== null) expect(FAILURE_CATEGORIES, status).toContain(info.fallbackCategory);
    }
  });

  it('maps the statuses to the unified ones', () => {
    expect(KASHA_TRANSACTION_STATUSES.PROCESSING.unified).toBe('PENDING');
    expect(KASHA_TRANSACTION_STATUSES.COMPLETED.unified).toBe('COMPLETED');
    expect(KASHA_TRANSACTION_STATUSES.DECLINED.unified).toBe('FAILED');
    expect(KASHA_TRANSACTION_STATUSES.REFUNDED.unified).toBe('REFUNDED');
    expect(KASHA_TRANSACTION_STATUSES.ERROR.unified).toBe('UNKNOWN');
  });

  it('looks statuses up regardless of case', () => {
    expect(kashaTransactionStatus('completed')?.unified).toBe('COMPLETED');
    expect(kashaTransactionStatus('SETTLED')).toBeUndefined();
  });
});

describe('KASHA_PAYOUT_STATUSES', () => {
  it('waits in PENDING until we approve or decline', () => {
    expect(KASHA_PAYOUT_STATUSES.PENDING.next).toEqual(['PROCESSING', 'DECLINED']);
    expect(KASHA_PAYOUT_ACTIONS).toEqual({ APPROVE: 'PROCESSING', DECLINE: 'DECLINED' });
  });

  it('lets an approved payout still complete, be declined or error', () => {
    expect(KASHA_PAYOUT_STATUSES.PROCESSING.next).toEqual(['COMPLETED', 'DECLINED', 'ERROR']);
    expect(KASHA_PAYOUT_STATUSES.COMPLETED.next).toEqual([]);
    expect(KASHA_PAYOUT_STATUSES.DECLINED.next).toEqual([]);
  });

  it('only points to statuses it defines, each with a meaning', () => {
    for (const [status, info] of Object.entries(KASHA_PAYOUT_STATUSES)) {
      expect(info.meaning.length, status).toBeGreaterThan(10);
      for (const next of info.next) expect(Object.keys(KASHA_PAYOUT_STATUSES)).toContain(next);
    }
  });

  it('does not call an errored payout failed, so it is never re-sent blindly', () => {
    expect(KASHA_PAYOUT_STATUSES.ERROR.unified).toBe('UNKNOWN');
  });
});
