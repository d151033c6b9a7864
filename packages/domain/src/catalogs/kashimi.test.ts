import { describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES } from '../failure.ts';
import {
  KASHIMI_DETAILED_STATUSES,
  KASHIMI_FAILURE_REASONS,
  KASHIMI_PHASES,
  KASHIMI_TOP_STATUSES,
  describeKashimiDetailedStatus,
  kashimiFailureReason,
  kashimiPhase,
  kashimiTopStatus,
} from './kashimi.ts';

// The exact rows of Kashimi's detailed-status reference, phase by phase.
const DOCUMENTED_BY_PHASE: Record<number, string[]> = {
  1: ['PROVIDER_SELECTION_REDIRECT_PENDING', 'PROVIDER_SELECTION_CALLBACK_PROCESSING_PENDING'],
  2: [
    'FOLLOWUP_DATA_COLLECTION_REQUIRED_CHECK_PENDING',
    'FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING',
    'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_PENDING',
    'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED',
  ],
  3: [
    'SENDER_AUTHORIZATION_REQUIRED_CHECK_PENDING',
    'SENDER_AUTHORIZATION_REDIRECT_PENDING',
    'SENDER_AUTHORIZATION_REDIRECT_FAILED',
    'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING',
    'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED',
  ],
  4: [
    'SENDER_ACCOUNT_REQUIRED_CHECK_PENDING',
    'SENDER_ACCOUNT_INFORMATION_CONSENT_REQUIRED_CHECK_PENDING',
    'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_PENDING',
    'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_FAILED',
    'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING',
    'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_FAILED',
    'SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING',
    'SENDER_ACCOUNT_LIST_RETRIEVAL_FAILED',
    'SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_PENDING',
    'SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_FAILED',
    'SENDER_ACCOUNT_SELECTION_REDIRECT_PENDING',
    'SENDER_ACCOUNT_SELECTION_REDIRECT_FAILED',
    'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING',
    'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_FAILED',
  ],
  5: ['PAYMENT_REGISTRATION_PENDING', 'PAYMENT_REGISTRATION_FAILED'],
  6: [
    'PAYMENT_CONSENT_REQUIRED_CHECK_PENDING',
    'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_PENDING',
    'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_FAILED',
    'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REDIRECT_PENDING',
    'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_PENDING',
    'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_FAILED',
    'PAYMENT_CONSENT_REDIRECT_PENDING',
    'PAYMENT_CONSENT_REDIRECT_FAILED',
    'PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING',
    'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
  ],
  7: ['PAYMENT_EXECUTION_PENDING', 'PAYMENT_EXECUTION_FAILED', 'PAYMENT_EXECUTION_COMPLETED'],
};

const DOCUMENTED_REASONS = [
  'UNKNOWN_ERROR',
  'INTERNAL_TECHNICAL_ERROR',
  'PAYMENT_EXPIRED',
  'SENDER_CREDENTIALS_INVALID',
  'REMITTANCE_INFORMATION_INVALID',
  'SENDER_ACCOUNT_INVALID',
  'RECIPIENT_ACCOUNT_INVALID',
  'RECIPIENT_NAME_INVALID',
  'CURRENCY_INVALID',
  'AMOUNT_EXCEEDS_AVAILABLE_FUNDS',
  'AMOUNT_EXCEEDS_DAILY_LIMIT',
  'AMOUNT_EXCEEDS_MONTHLY_LIMIT',
  'AMOUNT_EXCEEDS_LIMIT',
  'PROVIDER_AGREEMENT_MISSING',
  'SENDER_BLOCKED',
  'SENDER_RIGHTS_MISSING',
  'SENDER_ACCOUNT_BLOCKED',
  'PAYMENT_ABORTED_BY_SENDER',
  'PAYMENT_ABORTED_BY_PROVIDER',
  'SENDER_AUTHORIZATION_NOT_GRANTED',
  'ACCOUNT_INFORMATION_CONSENT_NOT_GRANTED',
  'PAYMENT_CONSENT_INCOMPLETE',
  'PAYMENT_CONSENT_NOT_GRANTED',
  'PROVIDER_SYSTEM_MAINTENANCE',
  'PROVIDER_TECHNICAL_ERROR',
  'MTLS_CERTIFICATE_INVALID',
  'SIGNATURE_CERTIFICATE_INVALID',
];

const detailedEntries = Object.entries(KASHIMI_DETAILED_STATUSES);
const reasonEntries = Object.entries(KASHIMI_FAILURE_REASONS);

describe('KASHIMI_PHASES', () => {
  it('lists the seven phases in order, each with a name, label and summary', () => {
    expect(KASHIMI_PHASES.map((p) => p.phase)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const phase of KASHIMI_PHASES) {
      expect(phase.name.length).toBeGreaterThan(0);
      expect(phase.label.length).toBeGreaterThan(0);
      expect(phase.summary.length).toBeGreaterThan(0);
    }
    expect(kashimiPhase(4)?.name).toBe('Sender account');
    expect(kashimiPhase(8)).toBeUndefined();
  });
});

describe('KASHIMI_DETAILED_STATUSES', () => {
  it('holds exactly the documented statuses of each phase', () => {
    for (const [phase, codes] of Object.entries(DOCUMENTED_BY_PHASE)) {
      const inCatalog = detailedEntries
        .filter(([, info]) => info.phase === Number(phase) && info.documented)
        .map(([code]) => code);
      expect(inCatalog).toEqual(codes);
    }
    expect(detailedEntries.filter(([, info]) => info.documented)).toHaveLength(40);
  });

  it('keeps AIS_PSU_CONSENT_RECEIVED as the only undocumented status, in phase 4 and pending', () => {
    const undocumented = detailedEntries.filter(([, info]) => !info.documented).map(([code]) => code);
    expect(undocumented).toEqual(['AIS_PSU_CONSENT_RECEIVED']);
    expect(KASHIMI_DETAILED_STATUSES.AIS_PSU_CONSENT_RECEIVED).toMatchObject({ phase: 4, status: 'PENDING' });
    expect(KASHIMI_DETAILED_STATUSES.AIS_PSU_CONSENT_RECEIVED.description).toMatch(/not in kashimi/i);
  });

  it('gives every status a description and a top-level status that matches its name', () => {
    for (const [code, info] of detailedEntries) {
      expect(info.description.trim().length, code).toBeGreaterThan(10);
      if (code.endsWith('_FAILED')) expect(info.status, code).toBe('FAILED');
      else if (code.endsWith('_COMPLETED')) expect(info.status, code).toBe('COMPLETED');
      else expect(info.status, code).toBe('PENDING');
    }
  });

  it('gives failed statuses, and only those, a valid fallback category', () => {
    for (const [code, info] of detailedEntries) {
      if (info.status === 'FAILED') expect(FAILURE_CATEGORIES, code).toContain(info.fallbackCategory);
      else expect(info.fallbackCategory, code).toBeNull();
    }
  });

  it('completes only through payment execution', () => {
    const completed = detailedEntries.filter(([, info]) => info.status === 'COMPLETED').map(([code]) => code);
    expect(completed).toEqual(['PAYMENT_EXECUTION_COMPLETED']);
  });
});

describe('KASHIMI_FAILURE_REASONS', () => {
  it('holds every documented reason plus INSUFFICIENT_FUNDS flagged as undocumented', () => {
    const documented = reasonEntries.filter(([, info]) => info.documented).map(([code]) => code);
    expect(documented).toEqual(DOCUMENTED_REASONS);
    expect(documented).toHaveLength(27);
    const undocumented = reasonEntries.filter(([, info]) => !info.documented).map(([code]) => code);
    expect(undocumented).toEqual(['INSUFFICIENT_FUNDS']);
  });

  it('gives every reason a meaning and a valid category', () => {
    for (const [code, info] of reasonEntries) {
      expect(info.meaning.trim().length, code).toBeGreaterThan(10);
      expect(FAILURE_CATEGORIES, code).toContain(info.category);
    }
  });

  it('puts the funds reasons under insufficient funds and the limits under limits', () => {
    expect(KASHIMI_FAILURE_REASONS.AMOUNT_EXCEEDS_AVAILABLE_FUNDS.category).toBe('insufficient_funds');
    expect(KASHIMI_FAILURE_REASONS.INSUFFICIENT_FUNDS.category).toBe('insufficient_funds');
    expect(KASHIMI_FAILURE_REASONS.AMOUNT_EXCEEDS_DAILY_LIMIT.category).toBe('limit_exceeded');
    expect(KASHIMI_FAILURE_REASONS.PAYMENT_CONSENT_NOT_GRANTED.category).toBe('consent_denied');
    expect(KASHIMI_FAILURE_REASONS.PAYMENT_EXPIRED.category).toBe('payer_abandoned');
  });

  it('looks reasons up regardless of case and returns undefined for unknown codes', () => {
    expect(kashimiFailureReason(' payment_expired ')?.category).toBe('payer_abandoned');
    expect(kashimiFailureReason('NOT_A_REASON')).toBeUndefined();
    expect(kashimiFailureReason('constructor')).toBeUndefined();
    expect(kashimiFailureReason(null)).toBeUndefined();
  });
});

describe('KASHIMI_TOP_STATUSES', () => {
  it('maps the four top-level statuses and keeps UNKNOWN open', () => {
    expect(Object.keys(KASHIMI_TOP_STATUSES)).toEqual(['PENDING', 'COMPLETED', 'FAILED', 'UNKNOWN']);
    expect(KASHIMI_TOP_STATUSES.UNKNOWN).toMatchObject({ unified: 'UNKNOWN', final: false });
    expect(KASHIMI_TOP_STATUSES.UNKNOWN.meaning).toMatch(/not a failure/i);
    expect(KASHIMI_TOP_STATUSES.FAILED).toMatchObject({ unified: 'FAILED', final: true });
    for (const info of Object.values(KASHIMI_TOP_STATUSES)) expect(info.meaning.length).toBeGreaterThan(10);
    expect(kashimiTopStatus('Completed')?.unified).toBe('COMPLETED');
  });
});

describe('describeKashimiDetailedStatus', () => {
  it('describes a catalogued status with its phase', () => {
    expect(describeKashimiDetailedStatus('PAYMENT_CONSENT_REDIRECT_PENDING')).toMatchObject({
      known: true,
      code: 'PAYMENT_CONSENT_REDIRECT_PENDING',
      phase: 6,
      phaseLabel: 'Payment approval',
      status: 'PENDING',
    });
  });

  it('describes every catalogued status as known', () => {
    for (const [code, info] of detailedEntries) {
      expect(describeKashimiDetailedStatus(code)).toMatchObject({ known: true, phase: info.phase });
    }
  });

  it('returns an unknown shape instead of throwing for codes outside the catalog', () => {
    expect(describeKashimiDetailedStatus('SOMETHING_NEW_PENDING')).toMatchObject({
      known: false,
      code: 'SOMETHING_NEW_PENDING',
      phase: null,
    });
    expect(describeKashimiDetailedStatus('__proto__')).toMatchObject({ known: false, phase: null });
    expect(describeKashimiDetailedStatus(null)).toMatchObject({ known: false, code: null, phase: null });
    expect(describeKashimiDetailedStatus('')).toMatchObject({ known: false, code: null });
  });
});
