import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeAnalyticsPayment, moveStatus } from './support/analytics.ts';
import { makeStaffUser } from './support/factories.ts';

// Thursday 20 November 2026, 13:00 in Madrid. "Last 7 days" is 14–20 November (Madrid
// days), the previous period 7–13 November.
const now = new Date('2026-11-20T12:00:00Z');
let database: TestDatabase;
let manager: Awaited<ReturnType<typeof makeStaffUser>>;
let support: Awaited<ReturnType<typeof makeStaffUser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  manager = await makeStaffUser(database.db, 'manager');
  support = await makeStaffUser(database.db, 'support');
});
afterAll(async () => database?.destroy());
beforeEach(async () => {
  await sql`DELETE FROM payment_events`.execute(database.db);
  await sql`DELETE FROM payments`.execute(database.db);
});

function analytics(as = manager) {
  return createTestCaller({ db: database.db, clock: manualClock(now) }, { user: as }).analytics;
}

const week = { range: '7d' } as const;

describe('headline figures', () => {
  it('count payments in the period they were created in, by the status they have now', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { status: 'COMPLETED' });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { status: 'REFUNDED' });
    await makeAnalyticsPayment(database.db, '2026-11-17T10:00:00Z', { status: 'FAILED', failure_category: 'issuer_declined', failure_codes: ['3001'] });
    await makeAnalyticsPayment(database.db, '2026-11-18T10:00:00Z', { status: 'PENDING' });
    await makeAnalyticsPayment(database.db, '2026-11-19T10:00:00Z', { status: 'UNKNOWN', failure_category: 'uncertain', failure_codes: ['1100'] });
    await makeAnalyticsPayment(database.db, '2026-11-10T10:00:00Z', { status: 'COMPLETED' });
    await makeAnalyticsPayment(database.db, '2026-10-01T10:00:00Z', { status: 'FAILED' });

    const summary = await analytics().summary(week);
    expect(summary.current).toMatchObject({ started: 5, completed: 2, failed: 1, pending: 2, conversionRate: 2 / 5, successRate: 2 / 3 });
    expect(summary.previous).toMatchObject({ started: 1, completed: 1, failed: 0, pending: 0, conversionRate: 1, successRate: 1 });
    expect(summary.change.started).toBe(4);
    expect(summary.range.days).toEqual({ from: '2026-11-14', to: '2026-11-20' });
    expect(summary.range.previousDays).toEqual({ from: '2026-11-07', to: '2026-11-13' });
    expect(summary.range.timeZone).toBe('Europe/Madrid');
  });

  it('move a payment from pending to completed when its status changes, in the day it was created', async () => {
    const payment = await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { status: 'PENDING' });
    expect((await analytics().summary(week)).current).toMatchObject({ started: 1, pending: 1, completed: 0 });

    // Completed five days later: still a payment of the 15th.
    await moveStatus(database.db, payment.id, { status: 'COMPLETED', at: '2026-11-20T11:00:00Z' });
    const summary = await analytics().summary(week);
    expect(summary.current).toMatchObject({ started: 1, pending: 0, completed: 1, conversionRate: 1 });
    const conversion = await analytics().conversion({ ...week, granularity: 'day' });
    const kasha = conversion.series.find((s) => s.key === 'kasha')!;
    expect(kasha.completed).toEqual([0, 1, 0, 0, 0, 0, 0]);
    expect(conversion.buckets[1]).toEqual({ start: '2026-11-14T23:00:00.000Z', days: { from: '2026-11-15', to: '2026-11-15' } });
  });

  it('place payments by the business day in Madrid, not the UTC day', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-13T22:59:59Z'); // 13 Nov 23:59:59 in Madrid: previous period
    await makeAnalyticsPayment(database.db, '2026-11-13T23:00:00Z'); // 14 Nov 00:00 in Madrid: first day
    await makeAnalyticsPayment(database.db, '2026-11-20T22:59:00Z'); // 20 Nov 23:59 in Madrid: last day
    const summary = await analytics().summary(week);
    expect(summary.current.started).toBe(2);
    expect(summary.previous.started).toBe(1);
    const conversion = await analytics().conversion({ ...week, granularity: 'day' });
    expect(conversion.series[0]!.started).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('give the completed volume per currency and never add currencies together', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { amount_minor: 1234, currency: 'EUR' });
    await makeAnalyticsPayment(database.db, '2026-11-15T11:00:00Z', { amount_minor: 1, currency: 'EUR' });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { amount_minor: 500, currency: 'JPY' });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { amount_minor: 99_999, currency: 'JPY', status: 'FAILED' });
    const summary = await analytics().summary(week);
    expect(summary.current.volume).toEqual([
      { currency: 'EUR', amountMinor: 1235 },
      { currency: 'JPY', amountMinor: 500 },
    ]);
  });

  it('give the median time to complete from the duration histogram, within 9%', async () => {
    const durations = [10, 45, 60, 70, 3600];
    for (const seconds of durations) {
      const created = new Date('2026-11-15T10:00:00Z');
      await makeAnalyticsPayment(database.db, created.toISOString(), { completed_at: new Date(created.getTime() + seconds * 1000) });
    }
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { status: 'PENDING' });
    const { current } = await analytics().summary(week);
    const median = current.medianTimeToComplete!;
    expect(median.lowerSeconds).toBeLessThanOrEqual(60);
    expect(median.upperSeconds).toBeGreaterThan(60);
    expect(Math.abs(median.seconds - 60) / 60).toBeLessThan(0.091);
  });

  it('narrow every figure to the chosen provider and currency', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { provider: 'kasha', currency: 'BRL' });
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { provider: 'kashimi', method: 'open_banking', currency: 'EUR' });
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { provider: 'kashimi', method: 'open_banking', currency: 'EUR', status: 'FAILED' });
    expect((await analytics().summary({ ...week, provider: 'kashimi' })).current).toMatchObject({ started: 2, completed: 1, failed: 1 });
    expect((await analytics().summary({ ...week, currency: 'brl' })).current).toMatchObject({ started: 1, completed: 1 });
  });
});

describe('conversion over time', () => {
  it('draws one line per provider with completed ÷ started per bucket', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-14T10:00:00Z', { provider: 'kasha' });
    await makeAnalyticsPayment(database.db, '2026-11-14T11:00:00Z', { provider: 'kasha', status: 'FAILED' });
    await makeAnalyticsPayment(database.db, '2026-11-14T12:00:00Z', { provider: 'klavi', method: 'pix', status: 'PENDING' });
    const conversion = await analytics().conversion({ ...week, granularity: 'day', split: 'provider' });
    const byKey = Object.fromEntries(conversion.series.map((s) => [s.key, s]));
    expect(byKey.kasha!.rate[0]).toBe(0.5);
    expect(byKey.kasha!.rate[1]).toBeNull();
    expect(byKey.klavi!.rate[0]).toBe(0);
    expect(byKey.klavi!.label).toBe('Klavi');
  });

  it('splits by bank, each by its latest name with its id, and names payments without a bank', async () => {
    const openBanking = { provider: 'kashimi', method: 'open_banking' } as const;
    await makeAnalyticsPayment(database.db, '2026-11-14T09:00:00Z', { ...openBanking, bank_id: 'de-sparkasse', bank_name: 'Sparkasse (old name)' });
    await makeAnalyticsPayment(database.db, '2026-11-14T10:00:00Z', { ...openBanking, bank_id: 'de-sparkasse', bank_name: 'Sparkasse' });
    await makeAnalyticsPayment(database.db, '2026-11-14T11:00:00Z', { ...openBanking, bank_id: 'de-unnamed', bank_name: null });
    await makeAnalyticsPayment(database.db, '2026-11-14T10:00:00Z', { provider: 'kasha', bank_id: null });
    const conversion = await analytics().conversion({ ...week, granularity: 'week', split: 'bank' });
    expect(conversion.series.map((s) => [s.key, s.label, s.totalStarted])).toEqual([
      ['de-sparkasse', 'Sparkasse (de-sparkasse)', 2],
      ['', 'No bank (cards, wallets…)', 1],
      ['de-unnamed', 'de-unnamed', 1],
    ]);
    // 14–15 Nov are the end of one week, 16–20 Nov the start of the next.
    expect(conversion.buckets.map((b) => b.days)).toEqual([
      { from: '2026-11-14', to: '2026-11-15' },
      { from: '2026-11-16', to: '2026-11-20' },
    ]);
  });

  it('reads a bank’s name again only after ten minutes', async () => {
    const openBanking = { provider: 'kashimi', method: 'open_banking', bank_id: 'nl-renamed' } as const;
    await makeAnalyticsPayment(database.db, '2026-11-14T09:00:00Z', { ...openBanking, bank_name: 'Old Bank' });
    const clock = manualClock(now);
    const labelNow = async () => {
      const conversion = await createTestCaller({ db: database.db, clock }, { user: manager }).analytics.conversion({ ...week, split: 'bank' });
      return conversion.series.map((s) => s.label);
    };
    expect(await labelNow()).toEqual(['Old Bank (nl-renamed)']);
    await makeAnalyticsPayment(database.db, '2026-11-15T09:00:00Z', { ...openBanking, bank_name: 'New Bank' });
    clock.advance(9 * 60_000);
    expect(await labelNow()).toEqual(['Old Bank (nl-renamed)']);
    clock.advance(2 * 60_000);
    expect(await labelNow()).toEqual(['New Bank (nl-renamed)']);
  });

  it('keeps the eight biggest banks as lines and sums the others into one', async () => {
    for (let bank = 1; bank <= 10; bank++) {
      for (let i = 0; i < bank; i++) {
        await makeAnalyticsPayment(database.db, '2026-11-14T10:00:00Z', { provider: 'kashimi', method: 'open_banking', bank_id: `bank-${String(bank).padStart(2, '0')}`, status: i === 0 ? 'FAILED' : 'COMPLETED' });
      }
    }
    const conversion = await analytics().conversion({ ...week, split: 'bank' });
    expect(conversion.series.map((s) => [s.key, s.totalStarted])).toEqual([
      ...[10, 9, 8, 7, 6, 5, 4, 3].map((bank) => [`bank-${String(bank).padStart(2, '0')}`, bank]),
      ['__other__', 3],
    ]);
    const other = conversion.series.at(-1)!;
    expect([other.label, other.started[0], other.completed[0], other.failed[0]]).toEqual(['Other (2)', 3, 1, 2]);
  });

  it('gives the last 24 hours hour by hour', async () => {
    // The 24 hourly buckets end with the current one (12:00–13:00 UTC).
    await makeAnalyticsPayment(database.db, '2026-11-20T12:00:00Z');
    await makeAnalyticsPayment(database.db, '2026-11-19T13:30:00Z');
    await makeAnalyticsPayment(database.db, '2026-11-19T12:59:00Z'); // before the first bucket: previous period
    const conversion = await analytics().conversion({ range: '24h', granularity: 'day' });
    expect(conversion.range.granularity).toBe('hour');
    expect(conversion.buckets).toHaveLength(24);
    expect(conversion.buckets[0]!.start).toBe('2026-11-19T13:00:00.000Z');
    const started = conversion.series[0]!.started;
    expect([started[0], started[23]]).toEqual([1, 1]);
    expect(started.reduce((a, b) => a + b, 0)).toBe(2);
    const summary = await analytics().summary({ range: '24h' });
    expect([summary.current.started, summary.previous.started]).toEqual([2, 1]);
  });

  it('refuses hourly figures for ranges longer than a week', async () => {
    await expect(analytics().conversion({ range: '30d', granularity: 'hour' })).rejects.toThrow(/up to 7 days/);
  });
});

describe('failure reasons', () => {
  it('stack failed payments by category and compare each category with the previous period', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { status: 'FAILED', failure_category: 'issuer_declined', failure_codes: ['3001'] });
    await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { status: 'UNKNOWN', failure_category: 'uncertain', failure_codes: ['1100'] });
    await makeAnalyticsPayment(database.db, '2026-11-10T10:00:00Z', { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
    const failures = await analytics().failures({ ...week, granularity: 'day' });
    expect(failures.categories.map((c) => [c.category, c.counts])).toEqual([
      ['insufficient_funds', [0, 1, 1, 0, 0, 0, 0]],
      ['issuer_declined', [0, 0, 1, 0, 0, 0, 0]],
    ]);
    const all = failures.table.filter((row) => row.provider === 'all');
    expect(all.map((r) => [r.category, r.count, r.share, r.previousCount, r.change])).toEqual([
      ['insufficient_funds', 2, 2 / 3, 1, 1],
      ['issuer_declined', 1, 1 / 3, 0, null],
    ]);
    expect(failures.totals.map((t) => [t.provider, t.failed, t.previousFailed])).toEqual([
      ['all', 3, 1],
      ['kasha', 3, 1],
    ]);
  });

  it('count a payment that failed with several codes once per code, with shares of failing payments', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', {
      provider: 'kashimi',
      method: 'open_banking',
      status: 'FAILED',
      failure_category: 'insufficient_funds',
      failure_codes: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS', 'PAYMENT_CONSENT_INCOMPLETE'],
    });
    await makeAnalyticsPayment(database.db, '2026-11-15T11:00:00Z', {
      provider: 'kashimi',
      method: 'open_banking',
      status: 'FAILED',
      failure_category: 'unknown',
      failure_codes: [],
    });
    const codes = await analytics().failureCodes(week);
    expect(codes.rows.map((r) => [r.code, r.count, r.share, r.category])).toEqual([
      ['', 1, 0.5, 'unknown'],
      ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS', 1, 0.5, 'insufficient_funds'],
      ['PAYMENT_CONSENT_INCOMPLETE', 1, 0.5, 'insufficient_funds'],
    ]);
    expect(codes.rows[1]!.meaning).toBe('The payer’s account did not have enough money.');
    expect(codes.rows[0]!.meaning).toBe('No reason was given.');
    // The categories table counts the payment once, under its one category.
    const failures = await analytics().failures(week);
    expect(failures.totals.find((t) => t.provider === 'all')!.failed).toBe(2);
  });

  it('move a failure out of the failure figures when a status correction completes it', async () => {
    const payment = await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { status: 'FAILED', failure_category: 'issuer_declined', failure_codes: ['3001'] });
    expect((await analytics().failureCodes(week)).rows).toHaveLength(1);
    await moveStatus(database.db, payment.id, { status: 'COMPLETED', at: '2026-11-16T10:00:00Z' });
    expect((await analytics().failureCodes(week)).rows).toEqual([]);
    expect((await analytics().failures(week)).table).toEqual([]);
  });
});

describe('the open-banking funnel', () => {
  it('counts Kashimi payments reaching, stopping and waiting in each of the seven phases, with reasons', async () => {
    const kashimi = { provider: 'kashimi', method: 'open_banking', bank_id: 'de-sparkasse', bank_name: 'Sparkasse', country: 'DE' } as const;
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { ...kashimi, phase: 7, detailed_status: 'PAYMENT_EXECUTION_COMPLETED' });
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', {
      ...kashimi,
      status: 'FAILED',
      phase: 6,
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    });
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { ...kashimi, bank_id: 'fr-bnp', bank_name: 'BNP Paribas', status: 'PENDING', phase: 3 });
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { ...kashimi, status: 'PENDING', phase: null });
    const { kashimi: funnel } = await analytics().funnel(week);
    expect(funnel.total).toBe(4);
    expect(funnel.completed).toBe(1);
    expect(funnel.withoutPhase).toBe(1);
    expect(funnel.steps.map((s) => s.reached)).toEqual([3, 3, 3, 2, 2, 2, 1]);
    expect(funnel.steps.map((s) => s.stopped)).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(funnel.steps.map((s) => s.stillThere)).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect(funnel.steps[5]!.topReasons).toEqual([
      { category: 'consent_denied', categoryLabel: 'Consent refused', code: 'PAYMENT_CONSENT_NOT_GRANTED', meaning: 'The payer did not approve the payment.', count: 1 },
    ]);
    expect(funnel.byBank.map((b) => [b.bankId, b.bankName, b.total, b.reached[2], b.stopped[5]])).toEqual([
      ['de-sparkasse', 'Sparkasse', 3, 2, 1],
      ['fr-bnp', 'BNP Paribas', 1, 1, 0],
    ]);
  });

  it('follows a Kashimi payment forward through its phases as its status changes', async () => {
    const payment = await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { provider: 'kashimi', method: 'open_banking', status: 'PENDING', phase: 1 });
    await moveStatus(database.db, payment.id, { status: 'PENDING', phase: 4, at: '2026-11-15T10:01:00Z' });
    expect((await analytics().funnel(week)).kashimi.steps.map((s) => s.reached)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    await moveStatus(database.db, payment.id, { status: 'COMPLETED', phase: 7, at: '2026-11-15T10:03:00Z' });
    expect((await analytics().funnel(week)).kashimi.steps.map((s) => s.reached)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('counts Klavi payments through consent, payment and settlement with the drop-off at each', async () => {
    const klavi = { provider: 'klavi', method: 'pix', currency: 'BRL', country: 'BR', bank_id: 'br-itau' } as const;
    const at = '2026-11-16T10:00:00Z';
    await makeAnalyticsPayment(database.db, at, { ...klavi, status: 'COMPLETED', provider_status: 'PAYMENT_COMPLETED' });
    await makeAnalyticsPayment(database.db, at, { ...klavi, status: 'FAILED', provider_status: 'CONSENT_REJECTED', failure_category: 'consent_denied', failure_codes: ['REJEITADO_USUARIO'] });
    await makeAnalyticsPayment(database.db, at, { ...klavi, status: 'FAILED', provider_status: 'EXPIRED', failure_category: 'payer_abandoned' });
    await makeAnalyticsPayment(database.db, at, { ...klavi, status: 'PENDING', provider_status: 'payment_pending' });
    await makeAnalyticsPayment(database.db, at, { ...klavi, status: 'FAILED', provider_status: 'CANCELED', failure_category: 'payer_abandoned' });
    const { klavi: funnel } = await analytics().funnel(week);
    expect(funnel.steps.map((s) => [s.key, s.reached, s.stopped, s.stillThere])).toEqual([
      ['start', 5, 0, 0],
      ['consent', 4, 2, 0],
      ['payment', 2, 0, 1],
      ['settlement', 1, 0, 0],
    ]);
    expect(funnel.endedWithoutStage).toBe(1);
    expect(funnel.completed).toBe(1);
  });
});

describe('access to analytics', () => {
  it('is refused to a support agent', async () => {
    await expect(analytics(support).summary(week)).rejects.toSatisfy((error) => error instanceof TRPCError && error.code === 'FORBIDDEN');
  });

  it('answers with aggregates only, never a customer detail', async () => {
    await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { customer_name: 'Maria Secret', customer_email: 'maria.secret@example.com', status: 'FAILED' });
    const answers = JSON.stringify([
      await analytics().summary(week),
      await analytics().conversion(week),
      await analytics().failures(week),
      await analytics().failureCodes(week),
      await analytics().funnel(week),
    ]);
    expect(answers).not.toMatch(/secret|ORD-TEST|example\.com/i);
  });
});
