import { describe, expect, it } from 'vitest';
import { KASHA_ERROR_CODES } from './catalogs/kasha.ts';
import { KASHIMI_FAILURE_REASONS } from './catalogs/kashimi.ts';
import { KLAVI_REASON_CODES } from './catalogs/klavi.ts';
import {
  FAILURE_CATEGORIES,
  FAILURE_CATEGORY_DESCRIPTIONS,
  FAILURE_CATEGORY_LABELS,
  categorizeFailure,
  describeFailureCode,
  failureCategorySchema,
  isFailureCategory,
} from './failure.ts';
import { PROVIDERS } from './providers.ts';

const catalogCategories = [
  ...Object.values(KASHIMI_FAILURE_REASONS).map((info) => info.category),
  ...Object.values(KLAVI_REASON_CODES).map((info) => info.category),
  ...Object.values(KASHA_ERROR_CODES).map((info) => info.category),
];

describe('failure categories', () => {
  it('keeps one small taxonomy with a label and a one-line description each', () => {
    expect(FAILURE_CATEGORIES.length).toBeGreaterThanOrEqual(12);
    expect(FAILURE_CATEGORIES.length).toBeLessThanOrEqual(16);
    for (const category of FAILURE_CATEGORIES) {
      expect(FAILURE_CATEGORY_LABELS[category].length).toBeGreaterThan(0);
      expect(FAILURE_CATEGORY_DESCRIPTIONS[category].length).toBeGreaterThan(10);
      expect(FAILURE_CATEGORY_DESCRIPTIONS[category]).not.toContain('\n');
    }
    expect(new Set(Object.values(FAILURE_CATEGORY_LABELS)).size).toBe(FAILURE_CATEGORIES.length);
  });

  it('uses every category for at least one provider code, except the one that comes from our own decision', () => {
    for (const category of FAILURE_CATEGORIES) {
      if (category === 'merchant_declined') expect(catalogCategories).not.toContain(category);
      else expect(catalogCategories, category).toContain(category);
    }
  });

  it('names the merchant’s own payout decline apart from every provider failure and from unknown', () => {
    expect(isFailureCategory('merchant_declined')).toBe(true);
    expect(FAILURE_CATEGORY_LABELS.merchant_declined).toBe('Declined by us');
    expect(FAILURE_CATEGORY_DESCRIPTIONS.merchant_declined).toMatch(/declined the payout/);
    expect(FAILURE_CATEGORY_DESCRIPTIONS.merchant_declined).toMatch(/counts as failed/);
    // No provider code can be read as our decline, whatever the provider.
    for (const provider of PROVIDERS) expect(categorizeFailure(provider, 'merchant_declined')).toBe('unknown');
  });

  it('validates categories', () => {
    expect(isFailureCategory('insufficient_funds')).toBe(true);
    expect(isFailureCategory('funds')).toBe(false);
    expect(failureCategorySchema.safeParse('uncertain').success).toBe(true);
  });
});

describe('categorizeFailure', () => {
  it('returns the catalog category for every Kashimi reason', () => {
    for (const [code, info] of Object.entries(KASHIMI_FAILURE_REASONS)) {
      expect(categorizeFailure('kashimi', code), code).toBe(info.category);
    }
  });

  it('returns the catalog category for every Klavi reason', () => {
    for (const [code, info] of Object.entries(KLAVI_REASON_CODES)) {
      expect(categorizeFailure('klavi', code), code).toBe(info.category);
    }
  });

  it('returns the catalog category for every Kasha code, as string or number', () => {
    for (const [code, info] of Object.entries(KASHA_ERROR_CODES)) {
      expect(categorizeFailure('kasha', code), code).toBe(info.category);
      expect(categorizeFailure('kasha', Number(code)), code).toBe(info.category);
    }
  });

  it('calls codes outside a provider’s catalog unknown without throwing', () => {
    for (const provider of PROVIDERS) {
      expect(categorizeFailure(provider, 'NEVER_SEEN_BEFORE')).toBe('unknown');
      expect(categorizeFailure(provider, '')).toBe('unknown');
      expect(categorizeFailure(provider, null)).toBe('unknown');
      expect(categorizeFailure(provider, undefined)).toBe('unknown');
      expect(categorizeFailure(provider, 'hasOwnProperty')).toBe('unknown');
    }
  });

  it('does not read one provider’s code in another provider’s catalog', () => {
    expect(categorizeFailure('kashimi', '3000')).toBe('unknown');
    expect(categorizeFailure('kasha', 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS')).toBe('unknown');
    expect(categorizeFailure('klavi', 'INSUFFICIENT_FUNDS')).toBe('unknown');
  });
});

describe('describeFailureCode', () => {
  it('explains a known code with its category label', () => {
    expect(describeFailureCode('kasha', 1100)).toEqual({
      code: '1100',
      known: true,
      meaning: KASHA_ERROR_CODES['1100'].description,
      category: 'uncertain',
      categoryLabel: 'Outcome uncertain',
    });
    expect(describeFailureCode('kashimi', 'PAYMENT_EXPIRED')).toMatchObject({
      known: true,
      category: 'payer_abandoned',
      categoryLabel: FAILURE_CATEGORY_LABELS.payer_abandoned,
    });
  });

  it('describes every catalogued code as known', () => {
    for (const code of Object.keys(KASHIMI_FAILURE_REASONS))
      expect(describeFailureCode('kashimi', code).known).toBe(true);
    for (const code of Object.keys(KLAVI_REASON_CODES)) expect(describeFailureCode('klavi', code).known).toBe(true);
    for (const code of Object.keys(KASHA_ERROR_CODES)) expect(describeFailureCode('kasha', code).known).toBe(true);
  });

  it('keeps an unknown code as received and says it is not in the catalog', () => {
    expect(describeFailureCode('klavi', 'PAGAMENTO_RECUSADO_SPI')).toEqual({
      code: 'PAGAMENTO_RECUSADO_SPI',
      known: false,
      meaning: 'Klavi sent a code we do not know yet; it is kept exactly as received.',
      category: 'unknown',
      categoryLabel: 'Unknown reason',
    });
  });

  it('says no reason was given when the code is missing', () => {
    expect(describeFailureCode('kashimi', null)).toMatchObject({ code: null, known: false, category: 'unknown' });
    expect(describeFailureCode('kashimi', '  ').meaning).toBe('No reason was given.');
  });
});
