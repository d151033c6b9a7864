import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeUnknownError, ProviderHttpError, ProviderNetworkError, ProviderTimeoutError } from '../src/errors.ts';
import { KASHA_PATHS } from '../src/kasha/api-paths.ts';
import { KashaClient, isKashaAlreadyRefunded } from '../src/kasha/client.ts';
import { kashaRefundToEvent, kashaTransactionToEvent, kashaTransactionToSnapshot } from '../src/kasha/events.ts';
import type { KashaSandbox } from '../src/kasha/sandbox.ts';
import { startKashaSandbox } from '../src/kasha/sandbox.ts';
import { closedPort, fastRetry } from './helpers.ts';

let sandbox: KashaSandbox;
let sequence = 0;

beforeAll(async () => {
  sandbox = await startKashaSandbox({ seed: 'kasha-client', quirks: false });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  sandbox.setFaults({});
});

function makeClient(overrides: Partial<ConstructorParameters<typeof KashaClient>[0]> = {}): KashaClient {
  return new KashaClient({
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    timeoutMs: 2_000,
    retry: fastRetry,
    ...overrides,
  });
}

const customer = { name: 'Helena Souza', email: 'helena@example.com', phone: '+5511999990000' };

/** A payout created through the API, waiting PENDING for approval. */
async function makePendingPayout(client: KashaClient): Promise<{ transactionId: string; merchantReference: string }> {
  sequence += 1;
  const merchantReference = `po-${sequence}-${Date.now()}`;
  const session = await client.createPayoutSession({
    country: 'BR',
    currency: 'BRL',
    amount: 250,
    redirectUrl: 'https://shop.example/return',
    customer,
    merchantReference,
  });
  await client.createPayout({
    sessionId: session.sessionId,
    paymentOptionId: session.paymentOptions[0]!.paymentOptionId,
  });
  return { transactionId: session.transactionId, merchantReference };
}

/** A card pay-in that Kasha has completed. */
async function makeCompletedPayin(client: KashaClient): Promise<{ transactionId: string; merchantReference: string }> {
  sequence += 1;
  const merchantReference = `pi-${sequence}-${Date.now()}`;
  const session = await client.createPaymentSession({
    country: 'BR',
    currency: 'BRL',
    amount: 130.25,
    redirectUrl: 'https://shop.example/return',
    language: 'PT',
    customer,
    merchantReference,
  });
  const card = session.paymentOptions.find((option) => option.name === 'Card')!;
  sandbox.forceNextOutcome({ kind: 'payin', status: 'COMPLETED' });
  await client.postPayment({ sessionId: session.sessionId, paymentOptionId: card.paymentOptionId });
  await sandbox.advance(120_000);
  return { transactionId: session.transactionId, merchantReference };
}

function attemptsAt(path: string): number {
  return sandbox.requests.filter((entry) => entry.path === path).length;
}

describe('Kasha client', () => {
  it('signs every request; a wrong secret is refused with Kasha’s error body', async () => {
    const client = makeClient({ credentials: { apiKey: sandbox.credentials.apiKey, secret: 'not-the-secret' } });
    const error = await client.getTransaction('anything').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({
      status: 401,
      body: { statusCode: '401', errorReason: expect.stringContaining('signature') },
    });
  });

  it('looks a transaction up and maps it to an event and a snapshot in minor units', async () => {
    const client = makeClient();
    const { transactionId, merchantReference } = await makeCompletedPayin(client);
    const tx = await client.getTransaction(transactionId);
    expect(tx).toMatchObject({ id: transactionId, status: 'COMPLETED', type: 'payin', method: 'Card' });
    const event = kashaTransactionToEvent(tx);
    expect(event).toMatchObject({
      provider: 'kasha',
      providerPaymentId: transactionId,
      rawStatus: 'COMPLETED',
      source: 'lookup',
      hints: { amountMinor: 13025, currency: 'BRL', merchantReference, direction: 'payin', method: 'card' },
    });
    expect(kashaTransactionToSnapshot(tx)).toMatchObject({ amountMinor: 13025, currency: 'BRL', direction: 'payin' });
  });

  it('does not retry an approval that timed out: OutcomeUnknownError, and the sandbox shows it happened once', async () => {
    const client = makeClient({ timeoutMs: 400 });
    const { transactionId } = await makePendingPayout(client);
    const before = attemptsAt(KASHA_PATHS.confirmPayout);
    sandbox.injectFault({ kind: 'timeout', path: KASHA_PATHS.confirmPayout });

    const error = await client
      .confirmPayout({ transactionId, action: 'APPROVE' }, { idempotencyKey: `approve-${transactionId}` })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ProviderTimeoutError);
    expect(error).toMatchObject({ idempotencyKey: `approve-${transactionId}`, operation: 'confirmPayout' });
    expect(attemptsAt(KASHA_PATHS.confirmPayout) - before).toBe(1);
    expect(sandbox.effects.count({ kind: 'payout.approve', transactionId })).toBe(1);
    // The way out of the doubt is a lookup, not a resend.
    expect((await client.getTransaction(transactionId)).status).toBe('PROCESSING');
  });

  it('answers a repeated idempotency key with the first answer and applies nothing again', async () => {
    const client = makeClient({ timeoutMs: 400 });
    const { transactionId } = await makePendingPayout(client);
    const key = `approve-${transactionId}`;
    sandbox.injectFault({ kind: 'timeout', path: KASHA_PATHS.confirmPayout });
    await client.confirmPayout({ transactionId, action: 'APPROVE' }, { idempotencyKey: key }).catch(() => undefined);

    const answer = await client.confirmPayout({ transactionId, action: 'APPROVE' }, { idempotencyKey: key });
    expect(answer).toMatchObject({ statusCode: '000', status: 'PROCESSING', transactionId });
    expect(sandbox.effects.count({ transactionId })).toBe(1);
  });

  it('reports a 5xx on a refund as outcome unknown; the lookup shows whether the refund was applied', async () => {
    const client = makeClient();
    const first = await makeCompletedPayin(client);
    sandbox.injectFault({ kind: 'error5xx', status: 503, path: KASHA_PATHS.refunds });
    const before = await client
      .refundByReference(
        { merchantReference: first.merchantReference },
        { idempotencyKey: `refund-${first.merchantReference}` },
      )
      .catch((caught: unknown) => caught);
    expect(before).toBeInstanceOf(OutcomeUnknownError);
    expect((before as OutcomeUnknownError).cause).toMatchObject({ status: 503 });
    expect(sandbox.effects.count({ kind: 'refund', merchantReference: first.merchantReference })).toBe(0);
    expect((await client.getTransaction(first.transactionId)).status).toBe('COMPLETED');

    const second = await makeCompletedPayin(client);
    sandbox.injectFault({ kind: 'error5xx', status: 502, afterProcessing: true, path: KASHA_PATHS.refunds });
    const after = await client
      .refundByReference(
        { merchantReference: second.merchantReference },
        { idempotencyKey: `refund-${second.merchantReference}` },
      )
      .catch((caught: unknown) => caught);
    expect(after).toBeInstanceOf(OutcomeUnknownError);
    expect(sandbox.effects.count({ kind: 'refund', merchantReference: second.merchantReference })).toBe(1);
    expect((await client.getTransaction(second.transactionId)).status).toBe('REFUNDED');
  });

  it('reports a connection cut after sending as outcome unknown, without a second attempt', async () => {
    const client = makeClient();
    const { transactionId } = await makePendingPayout(client);
    const before = attemptsAt(KASHA_PATHS.confirmPayout);
    sandbox.injectFault({ kind: 'dropConnection', path: KASHA_PATHS.confirmPayout });
    const error = await client
      .confirmPayout({ transactionId, action: 'DECLINE' }, { idempotencyKey: `decline-${transactionId}` })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ProviderNetworkError);
    expect(attemptsAt(KASHA_PATHS.confirmPayout) - before).toBe(1);
    expect(sandbox.effects.count({ kind: 'payout.decline', transactionId })).toBe(1);
  });

  it('retries an approval refused with 429, since nothing happened, and applies it exactly once', async () => {
    const client = makeClient();
    const { transactionId } = await makePendingPayout(client);
    sandbox.injectFault({ kind: 'rate429', path: KASHA_PATHS.confirmPayout, retryAfterSeconds: 0 });
    const answer = await client.confirmPayout(
      { transactionId, action: 'APPROVE' },
      { idempotencyKey: `a-${transactionId}` },
    );
    expect(answer.status).toBe('PROCESSING');
    expect(sandbox.effects.count({ transactionId })).toBe(1);
  });

  it('retries a money call whose connection was refused, then throws ProviderNetworkError, not OutcomeUnknownError', async () => {
    const port = await closedPort();
    const client = makeClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await client
      .confirmPayout({ transactionId: 'x', action: 'APPROVE' }, { idempotencyKey: 'refused' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect(error).toMatchObject({ sent: false, errorCode: 'ECONNREFUSED', attempts: fastRetry.maxAttempts });
  });

  it('refunds once per merchant reference; a second refund is refused and recognisable', async () => {
    const client = makeClient();
    const { transactionId, merchantReference } = await makeCompletedPayin(client);
    const answer = await client.refundByReference({ merchantReference }, { idempotencyKey: `r1-${merchantReference}` });
    expect(answer).toMatchObject({ statusCode: '000', status: 'REFUNDED', _id: transactionId });
    expect(kashaRefundToEvent(answer, merchantReference)).toMatchObject({
      providerPaymentId: transactionId,
      rawStatus: 'REFUNDED',
      hints: { amountMinor: 13025, currency: 'BRL', merchantReference },
    });

    const error = await client
      .refundByReference({ merchantReference }, { idempotencyKey: `r2-${merchantReference}` })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({
      status: 400,
      body: { errorReason: 'Transaction already refunded.', status: 'REFUNDED' },
    });
    expect(isKashaAlreadyRefunded(error)).toBe(true);
    expect(sandbox.effects.count({ kind: 'refund', merchantReference })).toBe(1);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    const client = makeClient();
    const a = await makePendingPayout(client);
    const b = await makePendingPayout(client);
    await client.confirmPayout({ transactionId: a.transactionId, action: 'DECLINE' }, { idempotencyKey: 'shared-key' });
    const error = await client
      .confirmPayout({ transactionId: b.transactionId, action: 'DECLINE' }, { idempotencyKey: 'shared-key' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 422 });
    expect(sandbox.effects.count({ transactionId: b.transactionId })).toBe(0);
  });

  it('refuses to approve a payout that is no longer pending', async () => {
    const client = makeClient();
    const { transactionId } = await makePendingPayout(client);
    await client.confirmPayout({ transactionId, action: 'DECLINE' }, { idempotencyKey: `d-${transactionId}` });
    const error = await client
      .confirmPayout({ transactionId, action: 'APPROVE' }, { idempotencyKey: `a-${transactionId}` })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, body: { status: 'DECLINED' } });
    expect(sandbox.effects.count({ kind: 'payout.approve', transactionId })).toBe(0);
  });
});
