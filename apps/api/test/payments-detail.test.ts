import { createTestDatabase, makePayment, makePaymentEvent, type TestDatabase } from '@paydesk/db/testing';
import { paymentChangesChannel } from '@paydesk/db';
import { shouldBecomeCurrent } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/context.ts';
import { createTestCaller, manualClock } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';

let database: TestDatabase;
const clock = manualClock(new Date('2026-11-20T12:00:00Z'));
let support: SessionUser;
let finance: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  database = await createTestDatabase();
  support = await makeStaffUser(database.db, 'support');
  finance = await makeStaffUser(database.db, 'finance');
  manager = await makeStaffUser(database.db, 'manager');
});
afterAll(async () => database?.destroy());

const as = (user: SessionUser) => createTestCaller({ db: database.db, clock }, { user });
const minutesAgo = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('payment detail', () => {
  it('explains a failed Kashimi payment: phases traversed, where it stopped and why', async () => {
    const payment = await makePayment(database.db, {
      provider: 'kashimi',
      method: 'open_banking',
      status: 'FAILED',
      provider_status: 'FAILED',
      detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
      phase: 6,
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
      bank_name: 'Sparkasse',
      created_at: minutesAgo(10),
      status_at: minutesAgo(6),
    });
    await makePaymentEvent(database.db, payment, {
      source: 'webhook',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'SENDER_AUTHORIZATION_REDIRECT_PENDING',
      phase: 3,
      occurred_at: minutesAgo(10),
    });
    await makePaymentEvent(database.db, payment, {
      source: 'archive',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'PAYMENT_CONSENT_REDIRECT_PENDING',
      phase: 6,
      occurred_at: minutesAgo(8),
    });
    await makePaymentEvent(database.db, payment, {
      source: 'webhook',
      status: 'FAILED',
      provider_status: 'FAILED',
      detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
      phase: 6,
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
      occurred_at: minutesAgo(6),
    });

    const detail = await as(support).payments.detail({ id: payment.id });
    expect(detail.payment).toMatchObject({ id: payment.id, status: 'FAILED', providerStatus: 'FAILED', bankName: 'Sparkasse' });
    expect(detail.journey.steps.map((s) => s.state)).toEqual(['skipped', 'skipped', 'done', 'skipped', 'skipped', 'failed', 'not_reached']);
    expect(detail.journey.failure).toMatchObject({ category: 'consent_denied', categoryLabel: 'Consent refused' });
    expect(detail.journey.failure?.codes[0]).toMatchObject({ code: 'PAYMENT_CONSENT_NOT_GRANTED', meaning: 'The payer did not approve the payment.' });
    expect(detail.timeline.map((e) => [e.source, e.step, e.durationMs])).toEqual([
      ['webhook', '3. Bank login', 120_000],
      ['archive', '6. Payment approval', 120_000],
      ['webhook', '6. Payment approval', null],
    ]);
    expect(detail.step).toBeNull();
    expect(detail.isRefundable).toBe(false);
    expect(detail.isResolvable).toBe(false);
  });

  it('marks an open payment that sits in its step longer than usual as stuck', async () => {
    const payment = await makePayment(database.db, {
      provider: 'kashimi',
      method: 'open_banking',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'PAYMENT_REGISTRATION_PENDING',
      phase: 5,
      status_at: minutesAgo(45),
    });
    await makePaymentEvent(database.db, payment, { detailed_status: 'PAYMENT_REGISTRATION_PENDING', phase: 5, occurred_at: minutesAgo(45) });
    const detail = await as(support).payments.detail({ id: payment.id });
    expect(detail.step).toMatchObject({ label: 'Payment registration', usualMaxMs: 600_000, isStuck: true });
    expect(detail.uncertainty.map((u) => u.reason)).toEqual(['stuck']);
    expect(detail.timeline[0]).toMatchObject({ isOngoing: true, durationMs: 45 * 60_000 });
  });

  it('says what UNKNOWN means and that it is being re-checked', async () => {
    const payment = await makePayment(database.db, {
      provider: 'kashimi',
      method: 'open_banking',
      status: 'UNKNOWN',
      provider_status: 'UNKNOWN',
      phase: 7,
      status_at: minutesAgo(2),
      next_check_at: new Date(clock.now().getTime() + 5 * 60_000),
      last_checked_at: minutesAgo(1),
      check_attempts: 3,
    });
    const detail = await as(support).payments.detail({ id: payment.id });
    expect(detail.statusMeaning).toContain('Not a failure');
    expect(detail.payment).toMatchObject({ checkAttempts: 3 });
    expect(detail.payment.nextCheckAt).toBe(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
    expect(detail.uncertainty.map((u) => u.reason)).toEqual(['unknown']);
    expect(detail.isResolvable).toBe(true);
  });

  it('offers a refund only for completed Kasha pay-ins', async () => {
    const completed = await makePayment(database.db, { provider: 'kasha', status: 'COMPLETED' });
    const payout = await makePayment(database.db, { provider: 'kasha', direction: 'payout', method: 'bank_transfer', status: 'COMPLETED' });
    const kashimi = await makePayment(database.db, { provider: 'kashimi', method: 'open_banking', status: 'COMPLETED' });
    expect((await as(support).payments.detail({ id: completed.id })).isRefundable).toBe(true);
    expect((await as(support).payments.detail({ id: payout.id })).isRefundable).toBe(false);
    expect((await as(support).payments.detail({ id: kashimi.id })).isRefundable).toBe(false);
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for something that is not an id', async () => {
    expect(await codeOf(as(support).payments.detail({ id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(as(support).payments.detail({ id: 'ORD-1' }))).toBe('BAD_REQUEST');
  });
});

describe('re-check', () => {
  it('makes the payment due for the status poller now and audits who asked', async () => {
    const payment = await makePayment(database.db, { status: 'UNKNOWN', provider_status: 'ERROR', next_check_at: new Date('2026-11-21T00:00:00Z') });
    const result = await as(support).payments.recheck({ id: payment.id });
    expect(result.requestedAt).toEqual(clock.now());
    const row = await database.db.selectFrom('payments').select('next_check_at').where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(row.next_check_at).toEqual(clock.now());
    const audit = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'payments.recheck', actor_email: support.email, outcome: 'success' })]);
  });

  it('is refused to managers, who may not trigger provider calls', async () => {
    const payment = await makePayment(database.db, { status: 'PENDING' });
    expect(await codeOf(as(manager).payments.recheck({ id: payment.id }))).toBe('FORBIDDEN');
  });
});

describe('manual resolution', () => {
  it('records the outcome, a manual timeline event, an audit row with before and after, and a notification, together', async () => {
    const payment = await makePayment(database.db, {
      provider: 'kasha',
      status: 'UNKNOWN',
      provider_status: 'ERROR',
      failure_category: 'uncertain',
      failure_codes: ['1100'],
      status_at: minutesAgo(90),
    });
    const heard: string[] = [];
    const unlisten = await database.listen(paymentChangesChannel, (message) => heard.push(message));
    try {
      const result = await as(finance).payments.resolveManually({
        id: payment.id,
        outcome: 'COMPLETED',
        reason: 'Kasha support confirmed by email (case 4471) that the money arrived.',
      });
      expect(result).toMatchObject({ id: payment.id, status: 'COMPLETED' });
      expect(result.eventKey).toMatch(/^manual:[0-9a-f-]{36}$/);
      await expect.poll(() => heard.length).toBeGreaterThan(0);
    } finally {
      await unlisten();
    }
    expect(JSON.parse(heard[0]!)).toMatchObject({ paymentId: payment.id, status: 'COMPLETED', kind: 'status' });

    const row = await database.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'COMPLETED', provider_status: 'ERROR', failure_category: null, status_at: clock.now() });
    expect(row.manual_resolution).toMatchObject({ outcome: 'COMPLETED', by: finance.email, at: clock.now().toISOString() });

    const detail = await as(finance).payments.detail({ id: payment.id });
    expect(detail.timeline.at(-1)).toMatchObject({ source: 'manual', status: 'COMPLETED', step: 'Manual resolution' });
    expect(detail.payment.manualResolution).toMatchObject({ outcome: 'COMPLETED', reason: expect.stringContaining('case 4471') });
    expect(detail.payment.isManuallyResolved).toBe(true);

    const audit = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'payments.resolve_manually',
      actor_email: finance.email,
      outcome: 'success',
      before: { status: 'UNKNOWN', providerStatus: 'ERROR', failureCodes: ['1100'] },
      after: { status: 'COMPLETED' },
    });
  });

  it('leaves a state that the next final provider event replaces, and a repeat of "unknown" does not', async () => {
    const payment = await makePayment(database.db, { provider: 'kashimi', method: 'open_banking', status: 'UNKNOWN', provider_status: 'UNKNOWN' });
    await as(finance).payments.resolveManually({ id: payment.id, outcome: 'FAILED', reason: 'Bank confirmed by phone that nothing was debited.' });
    const row = await database.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
    // The same reading of the row that ingestion makes (apply-status-events currentOf).
    const current = { status: 'FAILED' as const, at: row.status_at, eventKey: row.status_event_key, isManual: row.manual_resolution !== null };
    const later = new Date(clock.now().getTime() + 60_000);
    expect(shouldBecomeCurrent(current, { status: 'COMPLETED', at: later, eventKey: 'provider-1' })).toBe(true);
    expect(shouldBecomeCurrent(current, { status: 'UNKNOWN', at: later, eventKey: 'provider-2' })).toBe(false);
    expect(shouldBecomeCurrent(current, { status: 'COMPLETED', at: minutesAgo(5), eventKey: 'provider-3' })).toBe(false);
  });

  it('requires a reason, refuses final payments and is refused to roles without the right', async () => {
    const open = await makePayment(database.db, { status: 'UNKNOWN', provider_status: 'ERROR' });
    const done = await makePayment(database.db, { status: 'COMPLETED' });
    expect(await codeOf(as(finance).payments.resolveManually({ id: open.id, outcome: 'FAILED', reason: 'no' }))).toBe('BAD_REQUEST');
    expect(await codeOf(as(finance).payments.resolveManually({ id: done.id, outcome: 'FAILED', reason: 'Confirmed with the provider today.' }))).toBe('CONFLICT');
    expect(await codeOf(as(support).payments.resolveManually({ id: open.id, outcome: 'FAILED', reason: 'Confirmed with the provider today.' }))).toBe('FORBIDDEN');
    const row = await database.db.selectFrom('payments').select(['status', 'manual_resolution']).where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'UNKNOWN', manual_resolution: null });
    const audit = await database.db.selectFrom('audit_log').select(['outcome', 'actor_role']).where('target_id', '=', done.id).execute();
    expect(audit).toEqual([{ outcome: 'failure', actor_role: 'finance' }]);
  });
});

describe('uncertain queue', () => {
  it('lists unknown, 1100, partially accepted and stuck payments, longest waiting first, and nothing else', async () => {
    const tag = { country: 'UQ' };
    const kashimiUnknown = await makePayment(database.db, { ...tag, provider: 'kashimi', method: 'open_banking', status: 'UNKNOWN', provider_status: 'UNKNOWN', status_at: minutesAgo(20) });
    const kasha1100 = await makePayment(database.db, { ...tag, status: 'UNKNOWN', provider_status: 'ERROR', failure_codes: ['1100'], status_at: minutesAgo(300) });
    const partial = await makePayment(database.db, { ...tag, provider: 'klavi', method: 'pix', status: 'PENDING', provider_status: 'PAYMENT_PARTIALLY_ACCEPTED', status_at: minutesAgo(5) });
    const stuck = await makePayment(database.db, { ...tag, provider: 'kashimi', method: 'open_banking', status: 'PENDING', provider_status: 'PENDING', phase: 6, status_at: minutesAgo(45) });
    // Not uncertain: fresh, final, or waiting for our own payout decision.
    await makePayment(database.db, { ...tag, provider: 'kashimi', method: 'open_banking', status: 'PENDING', provider_status: 'PENDING', phase: 6, status_at: minutesAgo(5) });
    await makePayment(database.db, { ...tag, status: 'FAILED', status_at: minutesAgo(900) });
    await makePayment(database.db, { ...tag, direction: 'payout', method: 'bank_transfer', status: 'PENDING', provider_status: 'PENDING', status_at: minutesAgo(5000) });

    const result = await as(support).payments.uncertain({});
    const mine = result.rows.filter((row) => [kashimiUnknown.id, kasha1100.id, partial.id, stuck.id].includes(row.id));
    const others = await database.db.selectFrom('payments').select('id').where('country', '=', 'UQ').execute();
    const listedOfMine = result.rows.filter((row) => others.some((o) => o.id === row.id));
    expect(listedOfMine.map((r) => r.id)).toEqual([kasha1100.id, stuck.id, kashimiUnknown.id, partial.id]);
    expect(mine.find((r) => r.id === kasha1100.id)).toMatchObject({ reasons: [{ reason: 'kasha_1100' }, { reason: 'stuck' }], ageMs: 300 * 60_000 });
    expect(mine.find((r) => r.id === stuck.id)).toMatchObject({ reasons: [{ reason: 'stuck' }], step: 'Payment approval' });
    expect(mine.find((r) => r.id === partial.id)?.reasons.map((r) => r.reason)).toEqual(['partially_accepted']);

    const klaviOnly = await as(support).payments.uncertain({ provider: 'klavi' });
    expect(klaviOnly.rows.every((row) => row.provider === 'klavi')).toBe(true);
    expect(klaviOnly.rows.map((row) => row.id)).toContain(partial.id);
  });

  it('pages through the queue with a keyset cursor', async () => {
    const all = await as(support).payments.uncertain({ limit: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await as(support).payments.uncertain({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...result.rows.map((r) => r.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(all.rows.map((r) => r.id));
    expect(all.count).toEqual({ count: all.rows.length, isCapped: false });
  });
});

describe('saved views', () => {
  it('are kept per user, replaced by name, shared with the team and deleted only by their owner', async () => {
    const mine = await as(support).savedViews.save({ name: 'Kasha card declines today', query: 'q=provider%3Akasha+method%3Acard+status%3Afailed+created%3Atoday' });
    await as(support).savedViews.save({ name: 'Kasha card declines today', query: 'q=provider%3Akasha+status%3Afailed' });
    const privateOfFinance = await as(finance).savedViews.save({ name: 'Private', query: 'q=status%3Apending' });

    expect((await as(support).savedViews.list()).filter((v) => v.isMine)).toEqual([
      expect.objectContaining({ id: mine.id, name: 'Kasha card declines today', query: 'q=provider%3Akasha+status%3Afailed', isShared: false }),
    ]);
    expect((await as(finance).savedViews.list()).map((v) => v.id)).not.toContain(mine.id);

    await as(support).savedViews.setShared({ id: mine.id, isShared: true });
    const seenByFinance = await as(finance).savedViews.list();
    expect(seenByFinance).toContainEqual(expect.objectContaining({ id: mine.id, isShared: true, isMine: false, ownerName: support.name }));
    expect((await as(support).savedViews.list()).map((v) => v.id)).not.toContain(privateOfFinance.id);

    expect(await codeOf(as(finance).savedViews.delete({ id: mine.id }))).toBe('NOT_FOUND');
    expect(await codeOf(as(finance).savedViews.setShared({ id: mine.id, isShared: false }))).toBe('NOT_FOUND');
    await as(support).savedViews.delete({ id: mine.id });
    expect((await as(finance).savedViews.list()).map((v) => v.id)).not.toContain(mine.id);
  });

  it('refuse a query that is not a URL query string', async () => {
    expect(await codeOf(as(support).savedViews.save({ name: 'Bad', query: '?q=x' }))).toBe('BAD_REQUEST');
    expect(await codeOf(as(support).savedViews.save({ name: '', query: 'q=x' }))).toBe('BAD_REQUEST');
  });
});
