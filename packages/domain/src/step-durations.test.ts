import { describe, expect, it } from 'vitest';
import { PROVIDERS } from './providers.ts';
import { isStuck, STEP_RULES, stepRuleFor, uncertaintyOf, type StepSubject } from './step-durations.ts';

const now = new Date('2026-11-20T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

function subject(overrides: Partial<StepSubject>): StepSubject {
  return { provider: 'kashimi', direction: 'payin', method: 'open_banking', status: 'PENDING', providerStatus: 'PENDING', phase: 6, ...overrides };
}

describe('usual step durations', () => {
  it('give every provider a catch-all rule and every rule its basis', () => {
    for (const provider of PROVIDERS) {
      const rules = STEP_RULES.filter((rule) => rule.provider === provider);
      const last = rules.at(-1)!;
      expect(last.phase ?? last.providerStatuses ?? last.status ?? last.methods, provider).toBeUndefined();
    }
    for (const rule of STEP_RULES) expect(rule.basis.length, rule.label).toBeGreaterThan(10);
  });

  it('mark a Kashimi payment stuck once its phase lasts longer than usual', () => {
    expect(isStuck({ ...subject({ phase: 6 }), statusAt: minutesAgo(29) }, now)).toBe(false);
    expect(isStuck({ ...subject({ phase: 6 }), statusAt: minutesAgo(31) }, now)).toBe(true);
    expect(isStuck({ ...subject({ phase: 5 }), statusAt: minutesAgo(11) }, now)).toBe(true);
  });

  it('never mark a final payment or one that waits for our own approval as stuck', () => {
    expect(isStuck({ ...subject({ status: 'FAILED' }), statusAt: minutesAgo(10_000) }, now)).toBe(false);
    const payout = subject({ provider: 'kasha', direction: 'payout', method: 'bank_transfer', providerStatus: 'PENDING', phase: null });
    expect(stepRuleFor(payout)?.label).toBe('Awaiting our approval');
    expect(isStuck({ ...payout, statusAt: minutesAgo(10_000) }, now)).toBe(false);
  });

  it('give Kasha card payments the 30-minute session and vouchers days', () => {
    const card = subject({ provider: 'kasha', method: 'card', providerStatus: 'PENDING', phase: null });
    expect(isStuck({ ...card, statusAt: minutesAgo(31) }, now)).toBe(true);
    const voucher = subject({ provider: 'kasha', method: 'local_method', providerStatus: 'PENDING', phase: null });
    expect(isStuck({ ...voucher, statusAt: minutesAgo(24 * 60) }, now)).toBe(false);
  });

  it('let Klavi partial acceptance last a day before it is stuck', () => {
    const partial = subject({ provider: 'klavi', method: 'pix', providerStatus: 'payment_partially_accepted', phase: null });
    expect(isStuck({ ...partial, statusAt: minutesAgo(23 * 60) }, now)).toBe(false);
    expect(isStuck({ ...partial, statusAt: minutesAgo(25 * 60) }, now)).toBe(true);
  });
});

describe('uncertainty', () => {
  it('names why a payment is in the uncertain queue', () => {
    const base = { statusAt: minutesAgo(1), failureCodes: [] as string[] };
    expect(uncertaintyOf({ ...subject({ status: 'UNKNOWN', providerStatus: 'UNKNOWN' }), ...base }, now)).toEqual(['unknown']);
    expect(
      uncertaintyOf({ ...subject({ provider: 'kasha', method: 'card', status: 'UNKNOWN', providerStatus: 'ERROR', phase: null }), ...base, failureCodes: ['1100'] }, now),
    ).toEqual(['kasha_1100']);
    expect(uncertaintyOf({ ...subject({ provider: 'klavi', method: 'pix', providerStatus: 'PAYMENT_PARTIALLY_ACCEPTED', phase: null }), ...base }, now)).toEqual([
      'partially_accepted',
    ]);
    expect(uncertaintyOf({ ...subject({ phase: 3 }), statusAt: minutesAgo(90), failureCodes: [] }, now)).toEqual(['stuck']);
    expect(uncertaintyOf({ ...subject({ phase: 3 }), ...base }, now)).toEqual([]);
    expect(uncertaintyOf({ ...subject({ status: 'COMPLETED' }), ...base }, now)).toEqual([]);
  });
});
