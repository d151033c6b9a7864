import { describe, expect, it } from 'vitest';
import {
  DIRECTIONS,
  DIRECTION_LABELS,
  METHOD_LABELS,
  PAYMENT_METHODS,
  PROVIDERS,
  PROVIDER_CAPABILITIES,
  PROVIDER_DESCRIPTIONS,
  PROVIDER_LABELS,
  isProvider,
  methodName,
  paymentMethodSchema,
  providerName,
  providerSchema,
} from './providers.ts';

describe('providers', () => {
  it('lists the three providers, each with a label and a description', () => {
    expect(PROVIDERS).toEqual(['kashimi', 'klavi', 'kasha']);
    for (const provider of PROVIDERS) {
      expect(PROVIDER_LABELS[provider].length).toBeGreaterThan(0);
      expect(PROVIDER_DESCRIPTIONS[provider].length).toBeGreaterThan(0);
    }
  });

  it('recognises provider ids and nothing else', () => {
    expect(isProvider('kasha')).toBe(true);
    expect(isProvider('Kasha')).toBe(false);
    expect(isProvider(undefined)).toBe(false);
    expect(providerSchema.safeParse('stripe').success).toBe(false);
  });

  it('labels every direction and payment method', () => {
    for (const direction of DIRECTIONS) expect(DIRECTION_LABELS[direction].length).toBeGreaterThan(0);
    for (const method of PAYMENT_METHODS) expect(METHOD_LABELS[method].length).toBeGreaterThan(0);
    expect(paymentMethodSchema.parse('pix')).toBe('pix');
  });

  it('offers payouts only through Kasha and only methods from the closed set', () => {
    expect(PROVIDER_CAPABILITIES.kasha.directions).toContain('payout');
    expect(PROVIDER_CAPABILITIES.kashimi.directions).toEqual(['payin']);
    expect(PROVIDER_CAPABILITIES.klavi.directions).toEqual(['payin']);
    for (const provider of PROVIDERS) {
      for (const method of PROVIDER_CAPABILITIES[provider].methods) expect(PAYMENT_METHODS).toContain(method);
    }
  });
});

describe('names for people', () => {
  it('names known providers and methods, and keeps an unknown value as it was sent', () => {
    expect(providerName('kasha')).toBe('Kasha');
    expect(providerName('acme-pay')).toBe('acme-pay');
    expect(methodName('open_banking')).toBe(METHOD_LABELS.open_banking);
    expect(methodName('crypto_voucher')).toBe('crypto_voucher');
  });
});
