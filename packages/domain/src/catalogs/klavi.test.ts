import { describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES } from '../failure.ts';
import { UNIFIED_STATUSES, isFinalStatus } from '../status.ts';
import {
  KLAVI_REASON_CODES,
  KLAVI_STAGE_LABELS,
  KLAVI_STATUSES,
  KLAVI_STATUS_ORDER,
  klaviReasonCode,
  klaviStatus,
} from './klavi.ts';

describe('KLAVI_STATUSES', () => {
  it('lists Klavi’s statuses in lifecycle order', () => {
    expect(KLAVI_STATUS_ORDER).toEqual([
      'STARTED',
      'CONSENT_AWAITING_AUTHORIZATION',
      'CONSENT_AUTHORIZED',
      'CONSENT_REJECTED',
      'PAYMENT_PARTIALLY_ACCEPTED',
      'PAYMENT_PENDING',
      'PAYMENT_READY_FOR_SETTLEMENT',
      'PAYMENT_SCHEDULED',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
      'PAYMENT_REJECTED',
      'CANCELED',
      'ERROR',
      'EXPIRED',
    ]);
  });

  it('marks exactly completed, rejected, consent rejected, canceled, error and expired as final', () => {
    const finals = KLAVI_STATUS_ORDER.filter((status) => KLAVI_STATUSES[status].final);
    expect(finals).toEqual([
      'CONSENT_REJECTED',
      'PAYMENT_COMPLETED',
      'PAYMENT_REJECTED',
      'CANCELED',
      'ERROR',
      'EXPIRED',
    ]);
  });

  it('completes only on PAYMENT_COMPLETED and fails on every other final status', () => {
    for (const status of KLAVI_STATUS_ORDER) {
      const info = KLAVI_STATUSES[status];
      if (status === 'PAYMENT_COMPLETED') expect(info.unified).toBe('COMPLETED');
      else if (info.final) expect(info.unified, status).toBe('FAILED');
      else expect(info.unified, status).toBe('PENDING');
      expect(isFinalStatus(info.unified), status).toBe(info.final);
    }
  });

  it('gives every status a stage with a label, a meaning and a valid unified status', () => {
    for (const status of KLAVI_STATUS_ORDER) {
      const info = KLAVI_STATUSES[status];
      expect(KLAVI_STAGE_LABELS[info.stage].length, status).toBeGreaterThan(0);
      expect(info.meaning.length, status).toBeGreaterThan(10);
      expect(UNIFIED_STATUSES, status).toContain(info.unified);
      if (info.unified === 'FAILED') expect(FAILURE_CATEGORIES, status).toContain(info.fallbackCategory);
      else expect(info.fallbackCategory, status).toBeNull();
    }
  });

  it('reads the lower-case form of Klavi’s public page', () => {
    expect(klaviStatus('payment_completed')?.unified).toBe('COMPLETED');
  });

  it('does not recognise the misspelled status from Klavi’s example', () => {
    expect(klaviStatus('CONSENT_AUTHORIED')).toBeUndefined();
  });
});

describe('KLAVI_REASON_CODES', () => {
  it('holds the Open Finance Brasil reasons from our notes', () => {
    expect(Object.keys(KLAVI_REASON_CODES).sort()).toEqual(
      [
        'SALDO_INSUFICIENTE',
        'VALOR_ACIMA_LIMITE',
        'REJEITADO_USUARIO',
        'TEMPO_EXPIRADO_AUTORIZACAO',
        'FALHA_INFRAESTRUTURA',
        'CONTA_NAO_PERMITE_PAGAMENTO',
        'VALOR_INVALIDO',
        'QRCODE_INVALIDO',
        'NAO_INFORMADO',
      ].sort(),
    );
  });

  it('gives every reason an English meaning and a valid category', () => {
    for (const [code, info] of Object.entries(KLAVI_REASON_CODES)) {
      expect(info.meaning.length, code).toBeGreaterThan(10);
      expect(FAILURE_CATEGORIES, code).toContain(info.category);
    }
    expect(KLAVI_REASON_CODES.SALDO_INSUFICIENTE.category).toBe('insufficient_funds');
    expect(KLAVI_REASON_CODES.REJEITADO_USUARIO.category).toBe('consent_denied');
    expect(KLAVI_REASON_CODES.NAO_INFORMADO.category).toBe('unknown');
  });

  it('returns undefined for reasons outside the catalog', () => {
    expect(klaviReasonCode('PAGAMENTO_RECUSADO_DETENTORA')).toBeUndefined();
    expect(klaviReasonCode('saldo_insuficiente')?.category).toBe('insufficient_funds');
  });
});
