import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KashaClient } from '../src/kasha/client.ts';
import type { KashaSandbox } from '../src/kasha/sandbox.ts';
import { startKashaSandbox } from '../src/kasha/sandbox.ts';
import { parseKashaWebhook, verifyKashaWebhook } from '../src/kasha/webhook.ts';
import type { ProviderStatusEvent } from '../src/types.ts';
import type { WebhookReceiver } from './helpers.ts';
import { fastRetry, startWebhookReceiver } from './helpers.ts';

let sandbox: KashaSandbox;
let receiver: WebhookReceiver;
let client: KashaClient;
let sequence = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startKashaSandbox({ seed: 'kasha-lifecycle', quirks: false, webhookUrl: receiver.url });
  client = new KashaClient({ baseUrl: sandbox.url, credentials: sandbox.credentials, retry: fastRetry });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const customer = { name: 'Santiago López', phone: '+525512345678' };

function callbacksFor(transactionId: string): ProviderStatusEvent[] {
  return receiver.received.flatMap((delivery) => {
    expect(verifyKashaWebhook(delivery.rawBody, delivery.headers, sandbox.credentials.secret)).toEqual({ ok: true });
    const parsed = parseKashaWebhook(delivery.rawBody);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.event.providerPaymentId === transactionId ? [parsed.event] : [];
  });
}

async function createPayout(): Promise<string> {
  sequence += 1;
  const session = await client.createPayoutSession({
    country: 'MX',
    currency: 'MXN',
    amount: 1500,
    redirectUrl: 'https://shop.example/return',
    customer,
    merchantReference: `payout-${sequence}`,
  });
  const answer = await client.createPayout({
    sessionId: session.sessionId,
    paymentOptionId: session.paymentOptions[0]!.paymentOptionId,
  });
  expect(String(answer.statusCode)).toBe('0');
  return session.transactionId;
}

async function createPayin(method: 'Card' | 'local'): Promise<{ transactionId: string; merchantReference: string }> {
  sequence += 1;
  const merchantReference = `payin-${sequence}`;
  const session = await client.createPaymentSession({
    country: 'MX',
    currency: 'MXN',
    amount: 499.9,
    redirectUrl: 'https://shop.example/return',
    language: 'ES',
    customer,
    merchantReference,
  });
  const option = session.paymentOptions.find((candidate) =>
    method === 'Card' ? candidate.name === 'Card' : candidate.name !== 'Card',
  )!;
  await client.postPayment({ sessionId: session.sessionId, paymentOptionId: option.paymentOptionId });
  return { transactionId: session.transactionId, merchantReference };
}

describe('Kasha sandbox', () => {
  it('keeps a payout PENDING until it is approved, then completes it with callbacks on the way', async () => {
    const transactionId = await createPayout();
    await sandbox.advance(6 * 60 * 60 * 1000);
    expect((await client.getTransaction(transactionId)).status).toBe('PENDING');
    expect(sandbox.effects.count({ transactionId })).toBe(0);

    sandbox.forceNextOutcome({ kind: 'payout', status: 'COMPLETED' });
    const answer = await client.confirmPayout(
      { transactionId, action: 'APPROVE' },
      { idempotencyKey: `ok-${transactionId}` },
    );
    expect(answer).toMatchObject({
      statusCode: '000',
      status: 'PROCESSING',
      transactionId,
      merchantReference: expect.any(String),
    });
    await sandbox.clock.runUntilIdle({ maxMs: 120_000 });

    expect((await client.getTransaction(transactionId)).status).toBe('COMPLETED');
    expect(callbacksFor(transactionId).map((event) => event.rawStatus)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    expect(callbacksFor(transactionId).every((event) => event.hints?.direction === 'payout')).toBe(true);
    expect(sandbox.effects.count({ kind: 'payout.approve', transactionId })).toBe(1);
  });

  it('lets the processor decline an approved payout, with its error code', async () => {
    const transactionId = await createPayout();
    sandbox.forceNextOutcome({ kind: 'payout', status: 'DECLINED', code: '1005' });
    await client.confirmPayout({ transactionId, action: 'APPROVE' }, { idempotencyKey: `decl-${transactionId}` });
    await sandbox.clock.runUntilIdle({ maxMs: 120_000 });
    const tx = await client.getTransaction(transactionId);
    expect(tx).toMatchObject({ status: 'DECLINED', errors: { code: '1005', msg: 'Invalid bank account format' } });
  });

  it('declines a payout at once when we decline it, recording one decline', async () => {
    const transactionId = await createPayout();
    const answer = await client.confirmPayout(
      { transactionId, action: 'DECLINE' },
      { idempotencyKey: `no-${transactionId}` },
    );
    expect(answer.status).toBe('DECLINED');
    await sandbox.clock.tick();
    expect((await client.getTransaction(transactionId)).status).toBe('DECLINED');
    expect(sandbox.effects.list({ transactionId }).map((effect) => effect.kind)).toEqual(['payout.decline']);
    expect(callbacksFor(transactionId).at(-1)).toMatchObject({ rawStatus: 'DECLINED', reasonCodes: [] });
  });

  it('refunds a completed pay-in once per merchant reference', async () => {
    sandbox.forceNextOutcome({ kind: 'payin', status: 'COMPLETED' });
    const { transactionId, merchantReference } = await createPayin('Card');
    await sandbox.clock.runUntilIdle({ maxMs: 120_000 });
    await client.refundByReference({ merchantReference }, { idempotencyKey: 'first' });
    await expect(client.refundByReference({ merchantReference }, { idempotencyKey: 'second' })).rejects.toMatchObject({
      status: 400,
    });
    await sandbox.clock.tick();
    expect(sandbox.effects.count({ kind: 'refund', merchantReference })).toBe(1);
    expect(callbacksFor(transactionId).map((event) => event.rawStatus)).toEqual(['COMPLETED', 'REFUNDED']);
  });

  it('refuses to refund a pay-in that did not complete', async () => {
    sandbox.forceNextOutcome({ kind: 'payin', status: 'DECLINED', code: '3000' });
    const { merchantReference } = await createPayin('Card');
    await sandbox.clock.runUntilIdle({ maxMs: 120_000 });
    await expect(
      client.refundByReference({ merchantReference }, { idempotencyKey: `r-${merchantReference}` }),
    ).rejects.toMatchObject({
      status: 400,
      body: { status: 'DECLINED' },
    });
    expect(sandbox.effects.count({ merchantReference })).toBe(0);
  });

  it('reports 1100 on a pay-in and settles it later, visible only on lookup', async () => {
    sandbox.forceNextOutcome({ kind: 'payin', status: 'ERROR', settlesTo: 'COMPLETED' });
    const { transactionId } = await createPayin('local');
    await sandbox.advance(200_000);
    expect(await client.getTransaction(transactionId)).toMatchObject({ status: 'ERROR', errors: { code: '1100' } });
    const callbacksBefore = callbacksFor(transactionId).length;
    await sandbox.clock.runUntilIdle({ maxMs: 3_600_000 });
    expect(await client.getTransaction(transactionId)).toMatchObject({ status: 'COMPLETED', errors: null });
    expect(callbacksFor(transactionId).length).toBe(callbacksBefore);
  });

  it('allows one payment per session', async () => {
    const session = await client.createPaymentSession({
      country: 'BR',
      currency: 'BRL',
      amount: 10,
      redirectUrl: 'https://shop.example/return',
      language: 'PT',
      customer,
    });
    const optionId = session.paymentOptions[0]!.paymentOptionId;
    await client.postPayment({ sessionId: session.sessionId, paymentOptionId: optionId });
    await expect(client.postPayment({ sessionId: session.sessionId, paymentOptionId: optionId })).rejects.toMatchObject(
      { status: 400 },
    );
  });

  it('ends card pay-ins in Kasha statuses with catalogued error codes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await createPayin('Card')).transactionId);
    await sandbox.clock.runUntilIdle({ maxMs: 3_600_000 });
    const txs = await Promise.all(ids.map((id) => client.getTransaction(id)));
    const statuses = new Set(txs.map((tx) => tx.status));
    expect([...statuses].every((status) => ['COMPLETED', 'DECLINED'].includes(status))).toBe(true);
    const declined = txs.filter((tx) => tx.status === 'DECLINED');
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((tx) => /^(3\d{3}|99\d)$/.test(String(tx.errors?.code)))).toBe(true);
  });
});
