import { createTestDatabase, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { FAILURE_CATEGORY_DESCRIPTIONS, financeLimits } from '@paydesk/domain';
import { kashaTransactionToEvent, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { applyStatusEvents } from '../src/ingestion/apply-status-events.ts';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, makeSandboxPayouts, recordPayouts, startKasha } from './support/finance.ts';

// A payout finance staff decline is the merchant's decision: Kasha reports it DECLINED like a
// processor's refusal, and the managers' failure charts must name it for what it is.

let database: TestDatabase;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let finance: Awaited<ReturnType<typeof makeStaffUser>>;
let manager: Awaited<ReturnType<typeof makeStaffUser>>;
const limits = financeLimits({ secondApproval: { BRL: '6000' } });

beforeAll(async () => {
  database = await createTestDatabase();
  ({ sandbox, gateway, client } = await startKasha({ seed: 'analytics-payout-declines' }));
  finance = await makeStaffUser(database.db, 'finance');
  manager = await makeStaffUser(database.db, 'manager');
});
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});

async function decide(payout: PaymentRow, action: 'APPROVE' | 'DECLINE'): Promise<void> {
  const caller = createTestCaller({ db: database.db, finance: limits }, { user: finance });
  const answer = await caller.payouts.decide({
    ids: [payout.id],
    action,
    ...(action === 'DECLINE' ? { reason: 'Beneficiary name does not match' } : {}),
  });
  expect(answer.results[0]).toMatchObject({ ok: true, isSent: true });
}

/** Kasha's webhook for the payout as it stands now, applied the way the inbox applies it. */
async function deliverWebhook(payout: PaymentRow): Promise<void> {
  const tx = await client.getTransaction(payout.provider_payment_id);
  await applyStatusEvents(database.db, {
    provider: 'kasha',
    providerPaymentId: tx.id,
    events: [kashaTransactionToEvent(tx, 'webhook')],
    now: new Date(),
  });
}

const stored = (payout: PaymentRow) =>
  database.db
    .selectFrom('payments')
    .select(['status', 'provider_status', 'failure_category', 'failure_codes'])
    .where('id', '=', payout.id)
    .executeTakeFirstOrThrow();
const timeline = (payout: PaymentRow) =>
  database.db
    .selectFrom('payment_events')
    .select(['provider_status', 'failure_category'])
    .where('payment_id', '=', payout.id)
    .orderBy('occurred_at')
    .execute();

describe('payouts declined by finance staff, in the analytics', () => {
  it('are failures of their own category, "Declined by us", apart from the processor’s refusals, and count as failed in the success rate', async () => {
    const [declined, overtaken, refused] = await recordPayouts(
      database.db,
      sandbox,
      await makeSandboxPayouts(client, 3),
    );

    // Declined; Kasha's answer arrives first, then its status is put on the timeline.
    await decide(declined!, 'DECLINE');
    await drainOutbox({ db: database.db, gateway });

    // Declined; Kasha's webhook overtakes its answer, while our decision is still "declining".
    await decide(overtaken!, 'DECLINE');
    let overtakenBy: string | undefined;
    await drainOutbox({
      db: database.db,
      gateway,
      hooks: {
        afterSend: async () => {
          overtakenBy = (
            await database.db
              .selectFrom('payout_decisions')
              .select('state')
              .where('payment_id', '=', overtaken!.id)
              .executeTakeFirstOrThrow()
          ).state;
          await deliverWebhook(overtaken!);
        },
      },
    });
    expect(overtakenBy).toBe('declining');

    // Approved, then refused by the processor with a code that explains nothing.
    sandbox.forceNextOutcome({ kind: 'payout', status: 'DECLINED', code: '999' });
    await decide(refused!, 'APPROVE');
    await drainOutbox({ db: database.db, gateway });
    await sandbox.advance(120_000);
    await deliverWebhook(refused!);

    for (const payout of [declined!, overtaken!]) {
      expect(await stored(payout)).toEqual({
        status: 'FAILED',
        provider_status: 'DECLINED',
        failure_category: 'merchant_declined',
        failure_codes: [],
      });
      expect(await timeline(payout)).toContainEqual({
        provider_status: 'DECLINED',
        failure_category: 'merchant_declined',
      });
    }
    expect(await stored(refused!)).toEqual({
      status: 'FAILED',
      provider_status: 'DECLINED',
      failure_category: 'unknown',
      failure_codes: ['999'],
    });

    const analytics = createTestCaller(
      { db: database.db, clock: manualClock(new Date(sandbox.clock.now())) },
      { user: manager },
    ).analytics;
    const failures = await analytics.failures({ range: '7d' });
    expect(failures.categories.map(({ category, label, total }) => ({ category, label, total }))).toEqual([
      { category: 'merchant_declined', label: 'Declined by us', total: 2 },
      { category: 'unknown', label: 'Unknown reason', total: 1 },
    ]);
    expect(
      failures.table
        .filter((row) => row.provider === 'kasha')
        .map(({ category, description, count, share }) => ({ category, description, count, share })),
    ).toEqual([
      {
        category: 'merchant_declined',
        description: FAILURE_CATEGORY_DESCRIPTIONS.merchant_declined,
        count: 2,
        share: 2 / 3,
      },
      { category: 'unknown', description: FAILURE_CATEGORY_DESCRIPTIONS.unknown, count: 1, share: 1 / 3 },
    ]);

    // The unified status stays FAILED, so the headline counts them as failures, as its definitions say.
    const summary = await analytics.summary({ range: '7d' });
    expect(summary.current).toMatchObject({ started: 3, completed: 0, failed: 3, pending: 0, successRate: 0 });

    // The chart's click-through opens exactly the payouts behind the new category.
    const search = await createTestCaller({ db: database.db }, { user: manager }).payments.search({
      q: 'reason:merchant_declined',
      limit: 100,
    });
    expect(search.rows.map((row) => row.id).sort()).toEqual([declined!.id, overtaken!.id].sort());
  });
});
