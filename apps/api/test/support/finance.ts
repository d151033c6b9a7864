import { countOutboxByState, type Database } from '@paydesk/db';
import type { PaymentRow } from '@paydesk/db/testing';
import { normalizeForSearch } from '@paydesk/domain';
import { KashaClient } from '@paydesk/providers';
import { startKashaSandbox, type KashaSandbox } from '@paydesk/providers/sandbox';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { manualClock, type Clock } from '../../src/clock.ts';
import { createProviderGateway, type ProviderGateway } from '../../src/providers/provider-gateway.ts';
import { processOutboxRound, type OutboxWorkerOptions } from '../../src/workers/outbox-worker.ts';
import { testPassword } from './factories.ts';
import { TestBrowser } from './http-client.ts';

export const quietLog = pino({ level: 'silent' });

/**
 * A Kasha sandbox on a standing clock, and a gateway whose client gives up within 2 s (fault
 * tests shorten it further so injected timeouts cost milliseconds).
 */
export async function startKasha(options: { seed?: string; timeoutMs?: number } = {}): Promise<{ sandbox: KashaSandbox; gateway: ProviderGateway; client: KashaClient }> {
  const sandbox = await startKashaSandbox({ seed: options.seed ?? 'finance-tests', quirks: false });
  const settings = { kasha: { baseUrl: sandbox.url, apiKey: sandbox.credentials.apiKey, secret: sandbox.credentials.secret } };
  const retry = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_000 };
  const gateway = createProviderGateway(settings, { timeoutMs: options.timeoutMs ?? 2_000, retry });
  // Setting up payouts goes through an unhurried client, so a slow machine does not break setup.
  const client = new KashaClient({ baseUrl: sandbox.url, credentials: sandbox.credentials, timeoutMs: 10_000, retry });
  return { sandbox, gateway, client };
}

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

let sequence = 0;

export interface SandboxPayment {
  transactionId: string;
  merchantReference: string;
}

/** Payouts created at the sandbox through Kasha's API, each waiting PENDING for APPROVE/DECLINE. */
export async function makeSandboxPayouts(
  client: KashaClient,
  count: number,
  options: { amount?: number; currency?: string; country?: string } = {},
): Promise<SandboxPayment[]> {
  return inBatches(Array.from({ length: count }), 16, async () => {
    sequence += 1;
    const merchantReference = `PO-${process.pid}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
    const session = await client.createPayoutSession({
      country: options.country ?? 'BR',
      currency: options.currency ?? 'BRL',
      amount: options.amount ?? 250,
      redirectUrl: 'https://shop.example/return',
      customer: { name: 'Helena Souza', email: 'helena@example.com' },
      merchantReference,
    });
    await client.createPayout({ sessionId: session.sessionId, paymentOptionId: session.paymentOptions[0]!.paymentOptionId });
    return { transactionId: session.transactionId, merchantReference };
  });
}

/** Card pay-ins the sandbox has completed, ready to be refunded by reference. */
export async function makeSandboxPayins(
  client: KashaClient,
  sandbox: KashaSandbox,
  count: number,
  options: { amount?: number; currency?: string } = {},
): Promise<SandboxPayment[]> {
  const created = await inBatches(Array.from({ length: count }), 16, async () => {
    sequence += 1;
    const merchantReference = `ORD-${process.pid}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
    const session = await client.createPaymentSession({
      country: 'BR',
      currency: options.currency ?? 'BRL',
      amount: options.amount ?? 130.25,
      redirectUrl: 'https://shop.example/return',
      language: 'PT',
      customer: { name: 'Helena Souza', email: 'helena@example.com' },
      merchantReference,
    });
    const card = session.paymentOptions.find((option) => option.name === 'Card')!;
    sandbox.forceNextOutcome({ kind: 'payin', status: 'COMPLETED' });
    await client.postPayment({ sessionId: session.sessionId, paymentOptionId: card.paymentOptionId });
    return { transactionId: session.transactionId, merchantReference };
  });
  // Card outcomes land within a minute of sandbox time.
  await sandbox.advance(120_000);
  return created;
}

/** Inserts our side of sandbox transactions in one statement (500 one-by-one inserts would dominate a race test). */
async function recordKashaPayments(
  db: Kysely<Database>,
  sandbox: KashaSandbox,
  created: readonly SandboxPayment[],
  facts: { direction: 'payin' | 'payout'; method: string; status: string; amountMinor: number; currency: string },
): Promise<PaymentRow[]> {
  if (created.length === 0) return [];
  // Just before the sandbox's now, so Kasha's later events are newer than what we hold.
  const at = new Date(sandbox.clock.now() - 3_600_000);
  const rows = created.map((item) => ({
    provider: 'kasha',
    direction: facts.direction,
    method: facts.method,
    provider_payment_id: item.transactionId,
    merchant_reference: item.merchantReference,
    amount_minor: facts.amountMinor,
    currency: facts.currency,
    country: 'BR',
    customer_name: 'Helena Souza',
    customer_name_search: normalizeForSearch('Helena Souza'),
    customer_email: 'helena@example.com',
    status: facts.status,
    provider_status: facts.status,
    status_at: at,
    created_at: at,
    updated_at: at,
    completed_at: facts.status === 'COMPLETED' ? at : null,
  }));
  const inserted = await db.insertInto('payments').values(rows).returningAll().execute();
  // Back in the order given, so callers can zip them with what they created.
  const byReference = new Map(inserted.map((row) => [row.merchant_reference, row]));
  return created.map((item) => byReference.get(item.merchantReference)!);
}

/** Our side of sandbox payouts: PENDING Kasha payouts. */
export async function recordPayouts(
  db: Kysely<Database>,
  sandbox: KashaSandbox,
  payouts: readonly SandboxPayment[],
  options: { amountMinor?: number; currency?: string } = {},
): Promise<PaymentRow[]> {
  return recordKashaPayments(db, sandbox, payouts, {
    direction: 'payout',
    method: 'bank_transfer',
    status: 'PENDING',
    amountMinor: options.amountMinor ?? 25_000,
    currency: options.currency ?? 'BRL',
  });
}

/** Our side of completed sandbox pay-ins. */
export async function recordPayins(
  db: Kysely<Database>,
  sandbox: KashaSandbox,
  payins: readonly SandboxPayment[],
  options: { amountMinor?: number; currency?: string } = {},
): Promise<PaymentRow[]> {
  return recordKashaPayments(db, sandbox, payins, {
    direction: 'payin',
    method: 'card',
    status: 'COMPLETED',
    amountMinor: options.amountMinor ?? 13_025,
    currency: options.currency ?? 'BRL',
  });
}

/**
 * Runs outbox rounds until no command is left to carry forward (or `timeoutMs` passes),
 * with a clock that jumps over each backoff so retries are due at once.
 */
export async function drainOutbox(
  options: Omit<OutboxWorkerOptions, 'clock' | 'log'> & { clock?: Clock; log?: OutboxWorkerOptions['log']; timeoutMs?: number; maxRounds?: number },
): Promise<{ rounds: number }> {
  const clock = options.clock ?? manualClock(new Date());
  const started = Date.now();
  let rounds = 0;
  for (;;) {
    const open = await countOpen(options.db);
    if (open === 0 || rounds === options.maxRounds) return { rounds };
    if (Date.now() - started > (options.timeoutMs ?? 60_000)) throw new Error(`outbox not drained: ${JSON.stringify(await countOutboxByState(options.db))}`);
    rounds += 1;
    const handled = await processOutboxRound({ retryDelayMs: () => 10, batchSize: 100, concurrency: 8, ...options, clock, log: options.log ?? quietLog });
    // Nothing due yet: let the (manual) clock pass the backoff and the lease.
    if (handled === 0 && 'advance' in clock && typeof clock.advance === 'function') (clock as ReturnType<typeof manualClock>).advance(1_000);
  }
}

async function countOpen(db: Kysely<Database>): Promise<number> {
  const counts = await countOutboxByState(db);
  return (counts['pending'] ?? 0) + (counts['in_flight'] ?? 0) + (counts['unknown'] ?? 0);
}

/** A browser stand-in signed in as this user. */
export async function signedInBrowser(url: string, user: { email: string }): Promise<TestBrowser> {
  const browser = new TestBrowser(url);
  const result = await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  if (result.status !== 200) throw new Error(`sign-in failed for ${user.email}: ${JSON.stringify(result.error)}`);
  return browser;
}
