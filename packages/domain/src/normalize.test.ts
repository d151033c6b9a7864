import { describe, expect, it } from 'vitest';
import { KASHA_ERROR_CODES, KASHA_TRANSACTION_STATUSES } from './catalogs/kasha.ts';
import { KASHIMI_DETAILED_STATUSES } from './catalogs/kashimi.ts';
import { KLAVI_STATUSES } from './catalogs/klavi.ts';
import type { KashaStatusInput, KashimiStatusInput, KlaviStatusInput } from './normalize.ts';
import { normalizeKashaStatus, normalizeKashimiStatus, normalizeKlaviStatus, stageOf } from './normalize.ts';

const kashimi = (overrides: Partial<KashimiStatusInput> = {}) =>
  normalizeKashimiStatus({
    status: 'PENDING',
    detailedStatus: 'PAYMENT_CONSENT_REDIRECT_PENDING',
    failureReasons: null,
    ...overrides,
  });
const klavi = (overrides: Partial<KlaviStatusInput> = {}) =>
  normalizeKlaviStatus({ status: 'PAYMENT_PENDING', statusReason: null, ...overrides });
const kasha = (overrides: Partial<KashaStatusInput> = {}) =>
  normalizeKashaStatus({ status: 'PENDING', errorCode: null, ...overrides });

describe('normalizeKashimiStatus', () => {
  it('normalises a pending step with its phase', () => {
    expect(kashimi()).toEqual({
      status: 'PENDING',
      providerStatus: 'PENDING',
      detailedStatus: 'PAYMENT_CONSENT_REDIRECT_PENDING',
      phase: 6,
      failureCategory: null,
      failureCodes: [],
      isFinal: false,
      known: true,
    });
  });

  it('normalises a completed payment as final', () => {
    expect(kashimi({ status: 'COMPLETED', detailedStatus: 'PAYMENT_EXECUTION_COMPLETED' })).toMatchObject({
      status: 'COMPLETED',
      phase: 7,
      isFinal: true,
      failureCategory: null,
    });
  });

  it('lets the first reason decide the category and keeps all reasons', () => {
    const result = kashimi({
      status: 'FAILED',
      detailedStatus: 'PAYMENT_EXECUTION_FAILED',
      failureReasons: ['AMOUNT_EXCEEDS_DAILY_LIMIT', 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS'],
    });
    expect(result).toMatchObject({
      status: 'FAILED',
      failureCategory: 'limit_exceeded',
      failureCodes: ['AMOUNT_EXCEEDS_DAILY_LIMIT', 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS'],
      isFinal: true,
      known: true,
    });
  });

  it('skips a first reason that names no cause in favour of one that does', () => {
    const result = kashimi({ status: 'FAILED', failureReasons: ['UNKNOWN_ERROR', 'PAYMENT_CONSENT_NOT_GRANTED'] });
    expect(result.failureCategory).toBe('consent_denied');
  });

  it('derives the category from the failed step when there are no reasons', () => {
    expect(
      kashimi({ status: 'FAILED', detailedStatus: 'PAYMENT_EXECUTION_FAILED', failureReasons: null }).failureCategory,
    ).toBe('issuer_declined');
    expect(
      kashimi({ status: 'FAILED', detailedStatus: 'PAYMENT_CONSENT_REDIRECT_FAILED', failureReasons: [] })
        .failureCategory,
    ).toBe('provider_technical');
  });

  it('falls back to unknown when neither reasons nor the step explain a failure', () => {
    expect(kashimi({ status: 'FAILED', detailedStatus: null, failureReasons: [] }).failureCategory).toBe('unknown');
    expect(
      kashimi({ status: 'FAILED', detailedStatus: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED' }).failureCategory,
    ).toBe('unknown');
  });

  it('keeps reasons that arrive on a pending status without calling it a failure', () => {
    const result = kashimi({
      status: 'PENDING',
      detailedStatus: 'AIS_PSU_CONSENT_RECEIVED',
      failureReasons: ['INSUFFICIENT_FUNDS'],
    });
    expect(result).toMatchObject({
      status: 'PENDING',
      phase: 4,
      failureCategory: null,
      failureCodes: ['INSUFFICIENT_FUNDS'],
      known: true,
    });
  });

  it('treats UNKNOWN as open, not failed', () => {
    expect(kashimi({ status: 'UNKNOWN', detailedStatus: null })).toMatchObject({
      status: 'UNKNOWN',
      isFinal: false,
      failureCategory: null,
      known: true,
    });
  });

  it('keeps an unrecognised top-level status raw and reports it as UNKNOWN', () => {
    expect(kashimi({ status: 'SETTLED', detailedStatus: 'PAYMENT_EXECUTION_COMPLETED' })).toMatchObject({
      status: 'UNKNOWN',
      providerStatus: 'SETTLED',
      phase: 7,
      isFinal: false,
      known: false,
    });
  });

  it('keeps an unrecognised detailed status raw with no phase', () => {
    expect(kashimi({ detailedStatus: 'BRAND_NEW_STEP_PENDING' })).toMatchObject({
      status: 'PENDING',
      detailedStatus: 'BRAND_NEW_STEP_PENDING',
      phase: null,
      known: false,
    });
  });

  it('keeps unrecognised reasons and marks the result as not fully known', () => {
    expect(kashimi({ status: 'FAILED', detailedStatus: null, failureReasons: ['NEW_REASON'] })).toMatchObject({
      failureCategory: 'unknown',
      failureCodes: ['NEW_REASON'],
      known: false,
    });
  });

  it('survives missing and malformed fields', () => {
    expect(normalizeKashimiStatus({ status: undefined })).toMatchObject({
      status: 'UNKNOWN',
      providerStatus: '',
      detailedStatus: null,
      failureCodes: [],
      known: false,
    });
    expect(kashimi({ failureReasons: ['', null, ' PAYMENT_EXPIRED '] }).failureCodes).toEqual(['PAYMENT_EXPIRED']);
  });

  it('places every catalogued detailed status in its phase', () => {
    for (const [code, info] of Object.entries(KASHIMI_DETAILED_STATUSES)) {
      const result = kashimi({ status: info.status, detailedStatus: code });
      expect(result.phase, code).toBe(info.phase);
      expect(result.known, code).toBe(true);
    }
  });
});

describe('normalizeKlaviStatus', () => {
  it('maps every catalogued status to its unified status', () => {
    for (const [status, info] of Object.entries(KLAVI_STATUSES)) {
      const result = klavi({ status });
      expect(result.status, status).toBe(info.unified);
      expect(result.isFinal, status).toBe(info.final);
      expect(result.known, status).toBe(true);
    }
  });

  it('completes on PAYMENT_COMPLETED, even in Klavi’s lower-case form', () => {
    expect(klavi({ status: 'payment_completed' })).toMatchObject({
      status: 'COMPLETED',
      providerStatus: 'payment_completed',
      isFinal: true,
    });
  });

  it('categorises a rejection by its Open Finance reason', () => {
    expect(
      klavi({
        status: 'PAYMENT_REJECTED',
        statusReason: { code: 'SALDO_INSUFICIENTE', message: 'Saldo insuficiente' },
      }),
    ).toMatchObject({
      status: 'FAILED',
      failureCategory: 'insufficient_funds',
      failureCodes: ['SALDO_INSUFICIENTE'],
      known: true,
    });
  });

  it('uses the status when the reason says nothing useful', () => {
    expect(
      klavi({ status: 'CONSENT_REJECTED', statusReason: { code: 'NAO_INFORMADO', message: null } }).failureCategory,
    ).toBe('consent_denied');
    expect(klavi({ status: 'EXPIRED' }).failureCategory).toBe('payer_abandoned');
    expect(klavi({ status: 'ERROR', statusReason: { code: 'SOMETHING_ELSE' } })).toMatchObject({
      failureCategory: 'provider_technical',
      failureCodes: ['SOMETHING_ELSE'],
      known: false,
    });
  });

  it('keeps an unknown status such as the misspelled CONSENT_AUTHORIED as UNKNOWN, not final', () => {
    expect(klavi({ status: 'CONSENT_AUTHORIED' })).toEqual({
      status: 'UNKNOWN',
      providerStatus: 'CONSENT_AUTHORIED',
      detailedStatus: null,
      phase: null,
      failureCategory: null,
      failureCodes: [],
      isFinal: false,
      known: false,
    });
  });
});

describe('normalizeKashaStatus', () => {
  it('maps plain statuses to unified ones', () => {
    expect(kasha({ status: 'PENDING' })).toMatchObject({ status: 'PENDING', isFinal: false, known: true });
    expect(kasha({ status: 'PROCESSING' })).toMatchObject({ status: 'PENDING' });
    expect(kasha({ status: 'COMPLETED' })).toMatchObject({ status: 'COMPLETED', isFinal: true });
    expect(kasha({ status: 'REFUNDED' })).toMatchObject({ status: 'REFUNDED', isFinal: true, failureCategory: null });
  });

  it('turns a decline with a code into a failure with the code’s category', () => {
    expect(kasha({ status: 'DECLINED', errorCode: 3000 })).toMatchObject({
      status: 'FAILED',
      failureCategory: 'insufficient_funds',
      failureCodes: ['3000'],
      isFinal: true,
      known: true,
    });
  });

  it('treats 1100 as an uncertain outcome, never as a failure', () => {
    for (const status of ['ERROR', 'DECLINED', 'PENDING', 'SOMETHING_NEW']) {
      expect(kasha({ status, errorCode: '1100' }), status).toMatchObject({
        status: 'UNKNOWN',
        failureCategory: 'uncertain',
        failureCodes: ['1100'],
        isFinal: false,
      });
    }
  });

  it('treats an ERROR without a code as uncertain and with a definitive code as failed', () => {
    expect(kasha({ status: 'ERROR' })).toMatchObject({
      status: 'UNKNOWN',
      failureCategory: 'uncertain',
      isFinal: false,
    });
    expect(kasha({ status: 'ERROR', errorCode: '998' })).toMatchObject({
      status: 'FAILED',
      failureCategory: 'provider_technical',
    });
  });

  it('keeps a success a success even with an error code attached, and keeps the code', () => {
    expect(kasha({ status: 'COMPLETED', errorCode: '999' })).toMatchObject({
      status: 'COMPLETED',
      failureCategory: null,
      failureCodes: ['999'],
    });
  });

  it('keeps an unknown code raw and categorises the decline as unknown', () => {
    expect(kasha({ status: 'DECLINED', errorCode: '4242' })).toMatchObject({
      status: 'FAILED',
      failureCategory: 'unknown',
      failureCodes: ['4242'],
      known: false,
    });
  });

  it('uses the status when a cancelled or expired payment has no code', () => {
    expect(kasha({ status: 'EXPIRED' })).toMatchObject({ status: 'FAILED', failureCategory: 'payer_abandoned' });
    expect(kasha({ status: 'DECLINED' })).toMatchObject({ status: 'FAILED', failureCategory: 'unknown' });
  });

  it('calls a decline the merchant made merchant_declined, still FAILED, and keeps whatever code came with it', () => {
    expect(kasha({ status: 'DECLINED', isMerchantDecline: true })).toMatchObject({
      status: 'FAILED',
      providerStatus: 'DECLINED',
      failureCategory: 'merchant_declined',
      failureCodes: [],
      isFinal: true,
      known: true,
    });
    // A code that explains nothing gives way to our decision, as it gives way to a status.
    expect(kasha({ status: 'declined', errorCode: '999', isMerchantDecline: true })).toMatchObject({
      failureCategory: 'merchant_declined',
      failureCodes: ['999'],
    });
    expect(kasha({ status: 'DECLINED', errorCode: '4242', isMerchantDecline: true })).toMatchObject({
      failureCategory: 'merchant_declined',
      known: false,
    });
  });

  it('lets a code that names a cause decide even on a payout the merchant declined', () => {
    expect(kasha({ status: 'DECLINED', errorCode: '1005', isMerchantDecline: true })).toMatchObject({
      status: 'FAILED',
      failureCategory: 'invalid_details',
    });
    expect(kasha({ status: 'DECLINED', errorCode: '1100', isMerchantDecline: true })).toMatchObject({
      status: 'UNKNOWN',
      failureCategory: 'uncertain',
    });
  });

  it('never reads the merchant’s decline into any status other than DECLINED', () => {
    for (const status of Object.keys(KASHA_TRANSACTION_STATUSES).filter((s) => s !== 'DECLINED')) {
      const plain = kasha({ status });
      expect(kasha({ status, isMerchantDecline: true }), status).toEqual(plain);
    }
    expect(kasha({ status: 'ERROR', errorCode: '998', isMerchantDecline: true }).failureCategory).toBe(
      'provider_technical',
    );
    // Without our decision a DECLINED stays unexplained: Kasha's portal or its processor may have refused it.
    expect(kasha({ status: 'DECLINED', isMerchantDecline: false }).failureCategory).toBe('unknown');
  });

  it('keeps an unknown status raw as UNKNOWN', () => {
    expect(kasha({ status: 'ON_HOLD' })).toMatchObject({
      status: 'UNKNOWN',
      providerStatus: 'ON_HOLD',
      known: false,
      isFinal: false,
    });
  });

  it('gives every Kasha code a definite unified status on a decline', () => {
    for (const [code, info] of Object.entries(KASHA_ERROR_CODES)) {
      const result = kasha({ status: 'DECLINED', errorCode: code });
      expect(result.status, code).toBe(code === '1100' ? 'UNKNOWN' : 'FAILED');
      expect(result.failureCategory, code).toBe(info.category);
    }
  });

  it('recognises every catalogued status', () => {
    for (const status of Object.keys(KASHA_TRANSACTION_STATUSES)) expect(kasha({ status }).known, status).toBe(true);
  });
});

describe('stageOf', () => {
  it('names the Kashimi phase', () => {
    expect(stageOf('kashimi', kashimi())).toBe('Payment approval');
  });

  it('names the Klavi stage', () => {
    expect(stageOf('klavi', klavi({ status: 'CONSENT_AWAITING_AUTHORIZATION' }))).toBe('Customer approval');
    expect(stageOf('klavi', klavi({ status: 'PAYMENT_SETTLEMENT_PROCESSING' }))).toBe('Pix settlement');
  });

  it('names the Kasha step', () => {
    expect(stageOf('kasha', kasha({ status: 'PROCESSING' }))).toBe('With processor');
  });

  it('falls back to the unified status label for anything unrecognised', () => {
    expect(stageOf('kashimi', kashimi({ detailedStatus: 'NEW_STEP' }))).toBe('Pending');
    expect(stageOf('klavi', klavi({ status: 'CONSENT_AUTHORIED' }))).toBe('Unknown');
    expect(stageOf('kasha', kasha({ status: 'ON_HOLD' }))).toBe('Unknown');
  });
});
