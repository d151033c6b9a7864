import { drainPendingAnalytics, setAnalyticsTimeZone } from '@paydesk/db';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import {
  canTransition,
  categorizeFailure,
  dayInZone,
  durationBucketOf,
  KLAVI_FUNNEL_STEPS,
  klaviFunnelStep,
  medianFromHistogram,
  nextDay,
  outcomeOfStatus,
  startOfDayInZone,
  type Provider,
  type UnifiedStatus,
} from '@paydesk/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderPaymentSnapshot, ProviderStatusEvent } from '@paydesk/providers';
import { applyStatusEvents } from '../src/ingestion/apply-status-events.ts';
import { loadConversion } from '../src/routers/analytics/conversion.ts';
import { loadFailureCodes } from '../src/routers/analytics/failure-codes.ts';
import { loadFailures } from '../src/routers/analytics/failures.ts';
import { loadFunnel } from '../src/routers/analytics/funnel.ts';
import { analyticsInputSchema } from '../src/routers/analytics/input.ts';
import { loadSummary } from '../src/routers/analytics/summary.ts';
import { loadOverviewCounts } from '../src/routers/overview.ts';

// Random payments and status histories are applied as the sequence of writes ingestion
// makes (insert the payment, then per arriving event: insert the event and, when it is
// newer and may replace the current status, update the payments row), with events
// arriving out of order. Every analytics answer must then equal what a naive pass over
// the raw payments and payment_events rows gives: zero difference.
//
// To drive the real ingestion instead, replace `applyHistory` with calls to
// `applyStatusEvents(db, { provider, providerPaymentId, events, snapshot, now })`.

const now = new Date('2026-11-20T12:34:56Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

// ---------------------------------------------------------------------------
// Histories

interface StatusStep {
  status: UnifiedStatus;
  providerStatus: string;
  phase: number | null;
  codes: string[];
}

interface PaymentPlan {
  provider: Provider;
  direction: 'payin' | 'payout';
  method: string;
  country: string | null;
  currency: string;
  bank: string | null;
  amountMinor: number;
  createdAt: Date;
  /** Status steps in event-time order; the first is the status at creation. */
  steps: StatusStep[];
  /** Gap in seconds before each step after the first. */
  gaps: number[];
  /** The order in which steps after the first arrive (a permutation: late events). */
  arrival: number[];
}

const KASHIMI_CODES = ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS', 'PAYMENT_CONSENT_NOT_GRANTED', 'PROVIDER_TECHNICAL_ERROR', 'SOMETHING_NEW'];
const KLAVI_CODES = ['SALDO_INSUFICIENTE', 'REJEITADO_USUARIO', 'NAO_INFORMADO'];
const KASHA_CODES = ['3000', '3001', '1008', '9999'];

const pick = <T,>(values: readonly T[]) => fc.constantFrom(...values);

const kashimiSteps = fc
  .record({
    phases: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }).map((p) => p.sort((a, b) => a - b)),
    startsWithoutPhase: fc.boolean(),
    end: pick(['COMPLETED', 'FAILED', 'PENDING', 'UNKNOWN'] as const),
    // Repeats happen: the same reason twice in one status must still count once.
    codes: fc.array(pick(KASHIMI_CODES), { maxLength: 3 }),
  })
  .map(({ phases, startsWithoutPhase, end, codes }): StatusStep[] => {
    const steps: StatusStep[] = [];
    if (startsWithoutPhase || phases.length === 0) steps.push({ status: 'PENDING', providerStatus: 'PENDING', phase: null, codes: [] });
    for (const phase of phases) steps.push({ status: 'PENDING', providerStatus: 'PENDING', phase, codes: [] });
    const last = steps.at(-1)!.phase;
    if (end === 'COMPLETED') steps.push({ status: 'COMPLETED', providerStatus: 'COMPLETED', phase: 7, codes: [] });
    if (end === 'FAILED') steps.push({ status: 'FAILED', providerStatus: 'FAILED', phase: last, codes });
    if (end === 'UNKNOWN') steps.push({ status: 'UNKNOWN', providerStatus: 'UNKNOWN', phase: last, codes: [] });
    return steps;
  });

const KLAVI_PATHS: readonly string[][] = [
  ['STARTED'],
  ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_REJECTED'],
  ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'EXPIRED'],
  ['STARTED', 'CANCELED'],
  ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_REJECTED'],
  ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED'],
  ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED', 'ERROR'],
];
const KLAVI_UNIFIED: Record<string, UnifiedStatus> = {
  CONSENT_REJECTED: 'FAILED',
  EXPIRED: 'FAILED',
  CANCELED: 'FAILED',
  PAYMENT_REJECTED: 'FAILED',
  ERROR: 'FAILED',
  PAYMENT_COMPLETED: 'COMPLETED',
};

const klaviSteps = fc
  .record({ path: pick(KLAVI_PATHS), cut: fc.nat(), code: fc.option(pick(KLAVI_CODES), { nil: undefined }) })
  .map(({ path, cut, code }): StatusStep[] =>
    path.slice(0, 1 + (cut % path.length)).map((providerStatus) => {
      const status = KLAVI_UNIFIED[providerStatus] ?? 'PENDING';
      return { status, providerStatus, phase: null, codes: status === 'FAILED' && code ? [code] : [] };
    }),
  );

const kashaSteps = fc
  .record({ end: pick(['COMPLETED', 'REFUNDED', 'FAILED', 'UNKNOWN', 'PENDING'] as const), codes: fc.uniqueArray(pick(KASHA_CODES), { maxLength: 2 }) })
  .map(({ end, codes }): StatusStep[] => {
    const pending: StatusStep = { status: 'PENDING', providerStatus: 'PENDING', phase: null, codes: [] };
    switch (end) {
      case 'PENDING':
        return [pending];
      case 'COMPLETED':
        return [pending, { status: 'COMPLETED', providerStatus: 'COMPLETED', phase: null, codes: [] }];
      case 'REFUNDED':
        return [pending, { status: 'COMPLETED', providerStatus: 'COMPLETED', phase: null, codes: [] }, { status: 'REFUNDED', providerStatus: 'REFUNDED', phase: null, codes: [] }];
      case 'FAILED':
        return [pending, { status: 'FAILED', providerStatus: 'DECLINED', phase: null, codes }];
      case 'UNKNOWN':
        return [pending, { status: 'UNKNOWN', providerStatus: 'ERROR', phase: null, codes: ['1100'] }];
    }
  });

// Created between 16 days before `now` and `now`: the 7-day range, its previous period, and beyond.
const createdAt = fc.integer({ min: 0, max: 16 * 24 * 60 }).map((minutes) => new Date(now.getTime() - minutes * MINUTE - 17_000));

const paymentPlan: fc.Arbitrary<PaymentPlan> = fc
  .oneof(
    fc.record({ provider: fc.constant<Provider>('kashimi'), steps: kashimiSteps, bank: fc.option(pick(['de-sparkasse', 'fr-bnp', 'es-caixa']), { nil: null }), country: pick(['DE', 'FR', 'ES']) }),
    fc.record({ provider: fc.constant<Provider>('klavi'), steps: klaviSteps, bank: pick(['br-itau', 'br-nubank']), country: fc.constant('BR') }),
    fc.record({ provider: fc.constant<Provider>('kasha'), steps: kashaSteps, bank: fc.constant(null), country: fc.option(pick(['MX', 'ES', 'BR']), { nil: null }) }),
  )
  .chain((base) =>
    fc.record({
      provider: fc.constant(base.provider),
      direction: base.provider === 'kasha' ? pick(['payin', 'payout'] as const) : fc.constant('payin' as const),
      method: base.provider === 'kashimi' ? fc.constant('open_banking') : base.provider === 'klavi' ? fc.constant('pix') : pick(['card', 'wallet']),
      country: fc.constant(base.country),
      currency: base.provider === 'kasha' ? pick(['EUR', 'MXN', 'JPY']) : fc.constant(base.provider === 'klavi' ? 'BRL' : 'EUR'),
      bank: fc.constant(base.bank),
      amountMinor: fc.integer({ min: 0, max: 5_000_000 }),
      createdAt,
      steps: fc.constant(base.steps),
      // From under a second to a few days: every duration bucket the median reads.
      gaps: fc.array(fc.oneof(fc.double({ min: 0.001, max: 5, noNaN: true }), fc.integer({ min: 1, max: 4 * 86_400 })), {
        minLength: base.steps.length,
        maxLength: base.steps.length,
      }),
      arrival: fc.shuffledSubarray([...base.steps.keys()].slice(1), { minLength: base.steps.length - 1, maxLength: base.steps.length - 1 }),
    }),
  );

function categoryOf(provider: Provider, step: StatusStep): string | null {
  if (step.status === 'UNKNOWN' && step.codes.includes('1100')) return 'uncertain';
  if (step.status !== 'FAILED') return null;
  for (const code of step.codes) {
    const category = categorizeFailure(provider, code);
    if (category !== 'unknown') return category;
  }
  return 'unknown';
}

let reference = 0;

/**
 * Concurrent writers can deadlock on shared rollup rows when one transaction writes
 * payments in two statements (PostgreSQL then aborts one); ingestion retries such a
 * transaction, and so does this helper.
 */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 20 || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/** Writes a batch of histories the way ingestion does; returns nothing, the tables tell. */
async function applyHistories(plans: readonly PaymentPlan[], resolveUnknownInBulk: boolean): Promise<void> {
  const db = database.db;
  const times = plans.map((plan) => {
    const at: Date[] = [plan.createdAt];
    for (let i = 1; i < plan.steps.length; i++) at.push(new Date(at[i - 1]!.getTime() + Math.round(plan.gaps[i]! * 1000)));
    return at;
  });
  // A new payment arrives with its first status: one multi-row INSERT, as a batch import does.
  const rows = plans.map((plan, i) => {
    const first = plan.steps[0]!;
    reference += 1;
    return {
      provider: plan.provider,
      direction: plan.direction,
      method: plan.method,
      provider_payment_id: `prop-${reference}`,
      merchant_reference: `ORD-PROP-${reference}`,
      amount_minor: plan.amountMinor,
      currency: plan.currency,
      country: plan.country,
      bank_id: plan.bank,
      status: first.status,
      provider_status: first.providerStatus,
      phase: first.phase,
      failure_category: categoryOf(plan.provider, first),
      failure_codes: first.codes,
      status_at: plan.createdAt,
      created_at: plan.createdAt,
      updated_at: plan.createdAt,
      completed_at: first.status === 'COMPLETED' ? times[i]![0]! : null,
    };
  });
  if (rows.length === 0) return;
  const inserted = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('payments').values(rows).returning(['id']).execute();
      await trx
        .insertInto('payment_events')
        .values(plans.map((plan, i) => eventRow(ids[i]!.id, plan, 0, times[i]![0]!)))
        .execute();
      return ids;
    }),
  );

  // Then each later event arrives, in its own order, one transaction per event.
  const arrivals = plans.flatMap((plan, i) => plan.arrival.map((step, order) => ({ i, step, order })));
  arrivals.sort((a, b) => a.order - b.order || a.i - b.i);
  for (const { i, step } of arrivals) {
    const plan = plans[i]!;
    const id = inserted[i]!.id;
    const at = times[i]![step]!;
    await withRetry(() => db.transaction().execute(async (trx) => {
      await trx.insertInto('payment_events').values(eventRow(id, plan, step, at)).execute();
      const current = await trx.selectFrom('payments').select(['status', 'status_at', 'completed_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const next = plan.steps[step]!;
      const isNewer = at.getTime() > current.status_at.getTime();
      if (!isNewer || !canTransition(current.status as UnifiedStatus, next.status)) return;
      await trx
        .updateTable('payments')
        .set({
          status: next.status,
          provider_status: next.providerStatus,
          phase: next.phase,
          failure_category: categoryOf(plan.provider, next),
          failure_codes: next.codes,
          status_at: at,
          updated_at: at,
          completed_at: next.status === 'COMPLETED' ? (current.completed_at ?? at) : current.completed_at,
        })
        .where('id', '=', id)
        .execute();
    }));
  }
  if (resolveUnknownInBulk) {
    // A person settles every uncertain payment at once: one UPDATE over many rows.
    await withRetry(() => db.updateTable('payments').set({ status: 'FAILED', failure_category: 'uncertain' }).where('status', '=', 'UNKNOWN').execute());
  }
}

// Kashimi detailed statuses that put a payment in a phase (PENDING) or fail it there.
const KASHIMI_PENDING_IN_PHASE = [
  'PROVIDER_SELECTION_REDIRECT_PENDING',
  'FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING',
  'SENDER_AUTHORIZATION_REDIRECT_PENDING',
  'SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING',
  'PAYMENT_REGISTRATION_PENDING',
  'PAYMENT_CONSENT_REDIRECT_PENDING',
  'PAYMENT_EXECUTION_PENDING',
];
const KASHIMI_FAILED_IN_PHASE: Record<number, string> = {
  2: 'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED',
  3: 'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED',
  4: 'SENDER_ACCOUNT_LIST_RETRIEVAL_FAILED',
  5: 'PAYMENT_REGISTRATION_FAILED',
  6: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
  7: 'PAYMENT_EXECUTION_FAILED',
};

/** A history step as the provider reports it. */
function providerFacts(provider: Provider, step: StatusStep): { rawStatus: string; detailedStatus?: string; reasonCodes: string[] } {
  if (provider !== 'kashimi') return { rawStatus: step.providerStatus, reasonCodes: step.codes };
  let detailedStatus: string | undefined;
  if (step.status === 'COMPLETED') detailedStatus = 'PAYMENT_EXECUTION_COMPLETED';
  else if (step.phase !== null) {
    // Phase 1 has no failed detailed status; Kashimi may then send a pending one beside FAILED.
    detailedStatus = step.status === 'FAILED' ? (KASHIMI_FAILED_IN_PHASE[step.phase] ?? KASHIMI_PENDING_IN_PHASE[step.phase - 1]) : KASHIMI_PENDING_IN_PHASE[step.phase - 1];
  }
  return { rawStatus: step.providerStatus, ...(detailedStatus ? { detailedStatus } : {}), reasonCodes: step.codes };
}

/** The same histories, sent through the real ingestion one provider event at a time. */
async function ingestHistories(plans: readonly PaymentPlan[]): Promise<void> {
  const arrivals: Array<{ provider: Provider; id: string; event: ProviderStatusEvent; order: number; index: number }> = [];
  for (const [index, plan] of plans.entries()) {
    reference += 1;
    const id = `prop-${reference}`;
    let at = plan.createdAt;
    const times = [at];
    for (let i = 1; i < plan.steps.length; i++) times.push((at = new Date(at.getTime() + Math.round(plan.gaps[i]! * 1000))));
    const event = (step: number): ProviderStatusEvent => ({
      provider: plan.provider,
      eventKey: `step-${step}`,
      providerPaymentId: id,
      occurredAt: times[step]!,
      source: 'webhook',
      payload: null,
      ...providerFacts(plan.provider, plan.steps[step]!),
    });
    const snapshot: ProviderPaymentSnapshot = {
      provider: plan.provider,
      providerPaymentId: id,
      direction: plan.direction,
      method: plan.method as ProviderPaymentSnapshot['method'],
      amountMinor: plan.amountMinor,
      currency: plan.currency,
      ...(plan.country ? { country: plan.country } : {}),
      ...(plan.bank ? { institutionId: plan.bank } : {}),
      merchantReference: `ORD-PROP-${reference}`,
      createdAt: plan.createdAt,
      payload: null,
      ...providerFacts(plan.provider, plan.steps[0]!),
    };
    await applyStatusEvents(database.db, { provider: plan.provider, providerPaymentId: id, events: [event(0)], snapshot, now });
    for (const [order, step] of plan.arrival.entries()) arrivals.push({ provider: plan.provider, id, event: event(step), order, index });
  }
  // Later events arrive interleaved across payments and out of order within one.
  arrivals.sort((a, b) => a.order - b.order || a.index - b.index);
  for (const { provider, id, event } of arrivals) {
    await applyStatusEvents(database.db, { provider, providerPaymentId: id, events: [event], now });
  }
}

function eventRow(paymentId: string, plan: PaymentPlan, step: number, at: Date) {
  const s = plan.steps[step]!;
  return {
    payment_id: paymentId,
    event_key: `step-${step}`,
    source: 'webhook',
    status: s.status,
    provider_status: s.providerStatus,
    phase: s.phase,
    failure_category: categoryOf(plan.provider, s),
    failure_codes: s.codes,
    occurred_at: at,
  };
}

// ---------------------------------------------------------------------------
// The naive answers, from the raw rows

interface RawPayment {
  provider: string;
  direction: string;
  method: string;
  country: string | null;
  currency: string;
  bank_id: string | null;
  status: string;
  provider_status: string;
  failure_category: string | null;
  failure_codes: string[];
  amount_minor: number;
  created_at: Date;
  completed_at: Date | null;
  /** The furthest phase in the timeline. */
  furthest_phase: number | null;
}

async function rawPayments(): Promise<RawPayment[]> {
  const result = await sql<RawPayment>`
    SELECT p.provider, p.direction, p.method, p.country, p.currency, p.bank_id, p.status, p.provider_status,
           p.failure_category, p.failure_codes, p.amount_minor, p.created_at, p.completed_at,
           (SELECT max(e.phase) FROM payment_events e WHERE e.payment_id = p.id) AS furthest_phase
      FROM payments p`.execute(database.db);
  return result.rows;
}

type Input = ReturnType<typeof analyticsInputSchema.parse>;

function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * 86_400_000).toISOString().slice(0, 10);
}

/** Which period a payment falls in, from its creation time alone. */
function periodOf(payment: RawPayment, input: Input, zone: string, isHourGrain: boolean): 'current' | 'previous' | null {
  const t = payment.created_at.getTime();
  if (input.range === '24h') {
    const to = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
    if (t >= to - 24 * HOUR && t < to) return 'current';
    if (t >= to - 48 * HOUR && t < to - 24 * HOUR) return 'previous';
    return null;
  }
  const length = { '7d': 7, '30d': 30, '90d': 90 }[input.range as '7d'] ?? 0;
  const toDay = input.range === 'custom' ? input.to! : dayInZone(now, zone);
  const fromDay = input.range === 'custom' ? input.from! : addDays(toDay, -(length - 1));
  const days = Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000) + 1;
  const previousFromDay = addDays(fromDay, -days);
  if (isHourGrain) {
    // Hour rows: the range is whole UTC hours, boundaries rounded up (only half-hour zones move).
    const ceil = (d: Date) => Math.ceil(d.getTime() / HOUR) * HOUR;
    const [p, f, e] = [previousFromDay, fromDay, nextDay(toDay)].map((day) => ceil(startOfDayInZone(day, zone))) as [number, number, number];
    return t >= f && t < e ? 'current' : t >= p && t < f ? 'previous' : null;
  }
  const day = dayInZone(payment.created_at, zone);
  return day >= fromDay && day <= toDay ? 'current' : day >= previousFromDay && day < fromDay ? 'previous' : null;
}

function matchesFilters(payment: RawPayment, input: Input): boolean {
  return (
    (!input.provider || payment.provider === input.provider) &&
    (!input.direction || payment.direction === input.direction) &&
    (!input.method || payment.method === input.method) &&
    (!input.country || (payment.country ?? '') === input.country) &&
    (!input.currency || payment.currency === input.currency) &&
    (!input.bank || (payment.bank_id ?? '') === input.bank)
  );
}

function count<K>(map: Map<K, number>, key: K, by = 1) {
  map.set(key, (map.get(key) ?? 0) + by);
}

async function compareEverything(inputs: Input[], zone: string, isDailyGrainInZone: boolean) {
  const raw = await rawPayments();
  const services = { db: database.db, now, timeZone: zone };

  // The overview's all-time counts, asked first so that they apply the queued deltas themselves.
  const overview = await loadOverviewCounts(database.db);
  const byProviderAndStatus = new Map<string, number>();
  for (const p of raw) count(byProviderAndStatus, `${p.provider} ${p.status}`);
  expect(Object.fromEntries(overview.map((row) => [`${row.provider} ${row.status}`, row.payments])), 'overview counts').toEqual(
    Object.fromEntries(byProviderAndStatus),
  );
  for (const input of inputs) {
    const isHourGrain = input.range === '24h' || input.granularity === 'hour' || !isDailyGrainInZone;
    const selected = raw.filter((p) => matchesFilters(p, input)).map((p) => ({ p, period: periodOf(p, input, zone, isHourGrain) }));
    const current = selected.filter((s) => s.period === 'current').map((s) => s.p);
    const context = JSON.stringify(input);

    // Headline figures.
    const summary = await loadSummary(services, input);
    for (const period of ['current', 'previous'] as const) {
      const payments = selected.filter((s) => s.period === period).map((s) => s.p);
      const outcomes = payments.map((p) => outcomeOfStatus(p.status));
      const volume = new Map<string, number>();
      const durations = new Map<number, number>();
      for (const p of payments) {
        if (outcomeOfStatus(p.status) !== 'completed') continue;
        count(volume, p.currency, p.amount_minor);
        if (p.completed_at) count(durations, durationBucketOf(Math.max(0, (p.completed_at.getTime() - p.created_at.getTime()) / 1000)));
      }
      const figures = summary[period];
      expect(
        { started: figures.started, completed: figures.completed, failed: figures.failed, pending: figures.pending, volume: figures.volume, median: figures.medianTimeToComplete },
        `${context} summary ${period}`,
      ).toEqual({
        started: payments.length,
        completed: outcomes.filter((o) => o === 'completed').length,
        failed: outcomes.filter((o) => o === 'failed').length,
        pending: outcomes.filter((o) => o === 'open').length,
        volume: [...volume].filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor })),
        median: medianFromHistogram([...durations].map(([bucket, n]) => ({ bucket, payments: n }))),
      });
    }

    // Conversion, split by provider and by bank.
    for (const split of ['provider', 'bank'] as const) {
      const conversion = await loadConversion(services, { ...input, split });
      const bucketOf = (p: RawPayment) => conversion.buckets.findIndex((b) =>
        conversion.range.granularity === 'hour' ? Math.floor(p.created_at.getTime() / HOUR) * HOUR === Date.parse(b.start) : dayInZone(p.created_at, zone) >= b.days.from && dayInZone(p.created_at, zone) <= b.days.to,
      );
      const expected = new Map<string, { started: number[]; completed: number[]; failed: number[] }>();
      for (const p of current) {
        const key = split === 'provider' ? p.provider : (p.bank_id ?? '');
        let series = expected.get(key);
        const zeros = () => Array<number>(conversion.buckets.length).fill(0);
        if (!series) expected.set(key, (series = { started: zeros(), completed: zeros(), failed: zeros() }));
        const b = bucketOf(p);
        expect(b, `${context} bucket of ${p.created_at.toISOString()}`).toBeGreaterThanOrEqual(0);
        series.started[b]! += 1;
        const outcome = outcomeOfStatus(p.status);
        if (outcome === 'completed') series.completed[b]! += 1;
        if (outcome === 'failed') series.failed[b]! += 1;
      }
      const actual = Object.fromEntries(conversion.series.map((s) => [s.key, { started: s.started, completed: s.completed, failed: s.failed }]));
      expect(actual, `${context} conversion by ${split}`).toEqual(Object.fromEntries(expected));

      if (split === 'provider') {
        // Failure categories over time and per provider against the previous period.
        const failures = await loadFailures(services, input);
        const series = new Map<string, number[]>();
        for (const p of current.filter((p) => p.status === 'FAILED')) {
          const key = p.failure_category ?? '';
          if (!series.has(key)) series.set(key, Array<number>(conversion.buckets.length).fill(0));
          series.get(key)![bucketOf(p)]! += 1;
        }
        expect(Object.fromEntries(failures.categories.map((c) => [c.category, c.counts])), `${context} failure series`).toEqual(Object.fromEntries(series));
        const table = new Map<string, [number, number]>();
        for (const { p, period } of selected) {
          if (p.status !== 'FAILED' || !period) continue;
          for (const provider of ['all', p.provider]) {
            const key = `${provider}/${p.failure_category ?? ''}`;
            const cell = table.get(key) ?? [0, 0];
            cell[period === 'current' ? 0 : 1] += 1;
            table.set(key, cell);
          }
        }
        expect(Object.fromEntries(failures.table.map((r) => [`${r.provider}/${r.category}`, [r.count, r.previousCount]])), `${context} failure table`).toEqual(
          Object.fromEntries(table),
        );
      }
    }

    // Raw codes: one count per distinct code per failed payment.
    const codes = await loadFailureCodes(services, input, { limit: 10_000 });
    const codeCounts = new Map<string, [number, number]>();
    for (const { p, period } of selected) {
      if (p.status !== 'FAILED' || !period) continue;
      for (const code of p.failure_codes.length === 0 ? [''] : new Set(p.failure_codes)) {
        const key = `${p.provider}/${code}/${p.failure_category ?? ''}`;
        const cell = codeCounts.get(key) ?? [0, 0];
        cell[period === 'current' ? 0 : 1] += 1;
        codeCounts.set(key, cell);
      }
    }
    expect(Object.fromEntries(codes.rows.map((r) => [`${r.provider}/${r.code}/${r.category}`, [r.count, r.previousCount]])), `${context} codes`).toEqual(
      Object.fromEntries([...codeCounts].filter(([, [c]]) => c > 0)),
    );

    // The funnel: Kashimi by the furthest phase in the timeline, Klavi by the stage of its status.
    const funnel = await loadFunnel(services, input);
    const kashimi = current.filter((p) => p.provider === 'kashimi');
    const phaseOf = (p: RawPayment) => (outcomeOfStatus(p.status) === 'completed' ? 7 : (p.furthest_phase ?? 0));
    expect(
      {
        total: funnel.kashimi.total,
        withoutPhase: funnel.kashimi.withoutPhase,
        steps: funnel.kashimi.steps.map((s) => [s.reached, s.stopped, s.stillThere]),
      },
      `${context} Kashimi funnel`,
    ).toEqual({
      total: kashimi.length,
      withoutPhase: kashimi.filter((p) => phaseOf(p) === 0).length,
      steps: [1, 2, 3, 4, 5, 6, 7].map((phase) => [
        kashimi.filter((p) => phaseOf(p) >= phase).length,
        kashimi.filter((p) => phaseOf(p) === phase && p.status === 'FAILED').length,
        kashimi.filter((p) => phaseOf(p) === phase && outcomeOfStatus(p.status) === 'open').length,
      ]),
    });
    const byBank = new Map<string, { total: number; reached: number[] }>();
    for (const p of kashimi) {
      const bank = byBank.get(p.bank_id ?? '') ?? { total: 0, reached: Array<number>(7).fill(0) };
      bank.total += 1;
      for (let phase = 1; phase <= phaseOf(p); phase++) bank.reached[phase - 1]! += 1;
      byBank.set(p.bank_id ?? '', bank);
    }
    expect(Object.fromEntries(funnel.kashimi.byBank.map((b) => [b.bankId, { total: b.total, reached: b.reached }])), `${context} Kashimi per bank`).toEqual(
      Object.fromEntries(byBank),
    );
    const klavi = current.filter((p) => p.provider === 'klavi');
    const stepOf = (p: RawPayment) => {
      const step = outcomeOfStatus(p.status) === 'completed' ? 'settlement' : klaviFunnelStep(p.provider_status);
      return step === 'ended' || step === 'unknown' ? -1 : KLAVI_FUNNEL_STEPS.indexOf(step);
    };
    expect(
      { ended: funnel.klavi.endedWithoutStage, steps: funnel.klavi.steps.map((s) => [s.reached, s.stopped, s.stillThere]) },
      `${context} Klavi funnel`,
    ).toEqual({
      ended: klavi.filter((p) => stepOf(p) < 0).length,
      steps: KLAVI_FUNNEL_STEPS.map((_, i) => [
        i === 0 ? klavi.length : klavi.filter((p) => stepOf(p) >= i).length,
        klavi.filter((p) => stepOf(p) === i && p.status === 'FAILED').length,
        klavi.filter((p) => stepOf(p) === i && outcomeOfStatus(p.status) === 'open').length,
      ]),
    });
  }
}

async function expectRollupsEmpty() {
  // Read straight from the tables, not through an answer: apply the queued deltas first.
  await drainPendingAnalytics(database.db, { batchSize: 5000, wait: true });
  const result = await sql<{ rows: number }>`
    SELECT (SELECT count(*) FROM payment_status_rollup WHERE payments <> 0 OR amount_minor <> 0)
         + (SELECT count(*) FROM payment_failure_code_rollup WHERE payments <> 0)
         + (SELECT count(*) FROM payment_duration_rollup WHERE payments <> 0)
         + (SELECT count(*) FROM payment_funnel_rollup WHERE payments <> 0) AS rows`.execute(database.db);
  expect(result.rows[0]!.rows).toBe(0);
}

const inputArbitrary = fc.record({
  range: pick(['24h', '7d', '30d', 'custom'] as const),
  granularity: pick(['hour', 'day', 'week'] as const),
  provider: fc.option(pick(['kashimi', 'klavi', 'kasha'] as const), { nil: undefined }),
  bank: fc.option(pick(['de-sparkasse', 'br-itau']), { nil: undefined }),
  country: fc.option(pick(['ES', 'BR']), { nil: undefined }),
  currency: fc.option(pick(['EUR', 'JPY']), { nil: undefined }),
  direction: fc.option(pick(['payin', 'payout'] as const), { nil: undefined }),
  customStart: fc.integer({ min: 0, max: 14 }),
  customLength: fc.integer({ min: 1, max: 7 }),
});

type DrawnInput = typeof inputArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toInputs(drawn: DrawnInput, zone: string): Input[] {
  const today = dayInZone(now, zone);
  const from = addDays(today, -drawn.customStart);
  const custom = drawn.range === 'custom' ? { from, to: addDays(from, drawn.customLength - 1) } : {};
  const granularity = drawn.range === '30d' && drawn.granularity === 'hour' ? 'day' : drawn.granularity;
  const filtered = { provider: drawn.provider, bank: drawn.bank, country: drawn.country, currency: drawn.currency, direction: drawn.direction };
  return [
    analyticsInputSchema.parse({ range: drawn.range, granularity, ...custom }),
    analyticsInputSchema.parse({ range: drawn.range, granularity, ...custom, ...filtered }),
    analyticsInputSchema.parse({ range: '7d', granularity: 'day' }),
  ];
}

async function checkZone(zone: string, options: { isDailyGrainInZone: boolean; numRuns: number }) {
  await fc.assert(
    fc.asyncProperty(fc.array(paymentPlan, { maxLength: 24 }), fc.boolean(), inputArbitrary, async (plans, resolveUnknownInBulk, drawn) => {
      await sql`DELETE FROM payment_events`.execute(database.db);
      await sql`DELETE FROM payments`.execute(database.db);
      await expectRollupsEmpty();
      await applyHistories(plans, resolveUnknownInBulk);
      await compareEverything(toInputs(drawn, zone), zone, options.isDailyGrainInZone);
    }),
    { numRuns: options.numRuns, endOnFailure: true },
  );
}

describe('every analytics answer, after random histories applied as ingestion writes them', () => {
  it('equals a naive count over the raw payments in Europe/Madrid', async () => {
    await checkZone('Europe/Madrid', { isDailyGrainInZone: true, numRuns: 25 });
  });

  it('equals a naive count when the histories go through the real ingestion, event by event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(paymentPlan, { maxLength: 16 }), inputArbitrary, async (plans, drawn) => {
        await sql`DELETE FROM payment_events`.execute(database.db);
        await sql`DELETE FROM payments`.execute(database.db);
        await ingestHistories(plans);
        await compareEverything(toInputs(drawn, 'Europe/Madrid'), 'Europe/Madrid', true);
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });

  it('equals a naive count in America/Sao_Paulo once the daily grain is rebuilt in that zone', async () => {
    await sql`DELETE FROM payment_events`.execute(database.db);
    await sql`DELETE FROM payments`.execute(database.db);
    expect(await setAnalyticsTimeZone(database.db, 'America/Sao_Paulo')).toBe(true);
    await checkZone('America/Sao_Paulo', { isDailyGrainInZone: true, numRuns: 15 });
  });

  it('equals a naive count in Asia/Kolkata, a half-hour zone, by day exactly and by hour on whole UTC hours', async () => {
    expect(await setAnalyticsTimeZone(database.db, 'Asia/Kolkata')).toBe(true);
    await checkZone('Asia/Kolkata', { isDailyGrainInZone: true, numRuns: 15 });
  });

  it('equals a naive count from hour rows when the daily grain is in another zone, with boundaries rounded to the UTC hour', async () => {
    // The daily grain is now in Kolkata; a server configured for Madrid reads hour rows.
    await checkZone('Europe/Madrid', { isDailyGrainInZone: false, numRuns: 10 });
  });

  it('stays exact when several writers work at once (truly concurrent on PostgreSQL, interleaved on PGlite)', async () => {
    await setAnalyticsTimeZone(database.db, 'Europe/Madrid');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(paymentPlan, { minLength: 1, maxLength: 12 }), { minLength: 4, maxLength: 4 }), async (groups) => {
        await sql`DELETE FROM payment_events`.execute(database.db);
        await sql`DELETE FROM payments`.execute(database.db);
        await Promise.all(groups.map((plans) => applyHistories(plans, false)));
        await compareEverything([analyticsInputSchema.parse({ range: '30d', granularity: 'week' }), analyticsInputSchema.parse({ range: '24h' })], 'Europe/Madrid', true);
      }),
      { numRuns: 8, endOnFailure: true },
    );
  });

  it('keeps the daily grain exact when the zone changes with payments already counted', async () => {
    await setAnalyticsTimeZone(database.db, 'Europe/Madrid');
    await compareEverything([analyticsInputSchema.parse({ range: '30d', granularity: 'day' })], 'Europe/Madrid', true);
    await setAnalyticsTimeZone(database.db, 'America/Sao_Paulo');
    await compareEverything([analyticsInputSchema.parse({ range: '30d', granularity: 'week' })], 'America/Sao_Paulo', true);
  });
});
