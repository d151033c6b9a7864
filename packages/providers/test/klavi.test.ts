import { KLAVI_REASON_CODES, KLAVI_STATUS_ORDER } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../src/errors.ts';
import { createSandboxClock } from '../src/sandbox/clock.ts';
import { KlaviClient } from '../src/klavi/client.ts';
import { klaviEventKey, klaviPaymentToSnapshot, klaviStatusToEvent } from '../src/klavi/events.ts';
import type { KlaviCreatePaymentInput } from '../src/klavi/schemas.ts';
import type { KlaviSandbox } from '../src/klavi/sandbox.ts';
import { startKlaviSandbox } from '../src/klavi/sandbox.ts';
import { parseKlaviWebhook, verifyKlaviWebhook } from '../src/klavi/webhook.ts';
import type { WebhookReceiver } from './helpers.ts';
import { fastRetry, startWebhookReceiver } from './helpers.ts';

let sandbox: KlaviSandbox;
let receiver: WebhookReceiver;
let sequence = 0;
const clock = createSandboxClock();

beforeAll(async () => {
  receiver = await startWebhookReceiver(clock);
  sandbox = await startKlaviSandbox({ seed: 'klavi', webhookUrl: `${receiver.url}/klavi`, quirks: false, clock });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

function makeClient(): KlaviClient {
  return new KlaviClient({
    baseUrl: sandbox.url,
    credentials: { accessKey: sandbox.credentials.accessKey, secretKey: sandbox.credentials.secretKey },
    clock: sandbox.clock,
    retry: fastRetry,
  });
}

function makePayment(overrides: Partial<KlaviCreatePaymentInput> = {}): KlaviCreatePaymentInput {
  sequence += 1;
  return {
    clientRequestId: `kl-${sequence}-${Date.now()}`,
    participantId: sandbox.participants[0]!.id,
    amount: '1333.00',
    description: `Pedido ${sequence}`,
    payer: { name: 'Maria Silva', document: '39053344705', email: 'maria@example.com' },
    ...overrides,
  };
}

/** Polls like the API's poller would, advancing sandbox time between polls, until a final status. */
async function pollUntilFinal(client: KlaviClient, id: string): Promise<string[]> {
  const finals = new Set(['PAYMENT_COMPLETED', 'PAYMENT_REJECTED', 'CONSENT_REJECTED', 'CANCELED', 'ERROR', 'EXPIRED']);
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const { status } = await client.getPaymentStatus(id);
    if (seen.at(-1) !== status) seen.push(status);
    if (finals.has(status)) return seen;
    await sandbox.advance(3_000);
  }
  throw new Error(`payment ${id} never reached a final status`);
}

describe('Klavi client and sandbox', () => {
  it('gets one access token for many calls and a new one once it expired', async () => {
    const client = makeClient();
    const before = sandbox.state.tokensIssued;
    const payment = await client.createPayment(makePayment());
    await client.getPaymentStatus(payment.id);
    await client.getPayment(payment.id);
    expect(sandbox.state.tokensIssued - before).toBe(1);
    await sandbox.advance(3_600_000);
    await client.getPaymentStatus(payment.id);
    expect(sandbox.state.tokensIssued - before).toBe(2);
  });

  it('walks a payment through consent, payment and settlement to completion', async () => {
    const client = makeClient();
    sandbox.forceNextOutcome({ status: 'PAYMENT_COMPLETED' });
    const payment = await client.createPayment(makePayment());
    expect(payment.status).toBe('STARTED');
    const seen = await pollUntilFinal(client, payment.id);
    expect(seen[0]).toBe('STARTED');
    expect(seen.at(-1)).toBe('PAYMENT_COMPLETED');
    // Polling may skip statuses, but what it sees is always in lifecycle order.
    const order = seen.map((status) => KLAVI_STATUS_ORDER.indexOf(status as (typeof KLAVI_STATUS_ORDER)[number]));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('rejects a payment with an Open Finance reason code, kept on the event', async () => {
    const client = makeClient();
    sandbox.forceNextOutcome({ status: 'PAYMENT_REJECTED', reason: 'SALDO_INSUFICIENTE' });
    const payment = await client.createPayment(makePayment({ amount: '87.10' }));
    await pollUntilFinal(client, payment.id);
    const status = await client.getPaymentStatus(payment.id);
    expect(status.statusReason).toMatchObject({ code: 'SALDO_INSUFICIENTE' });
    expect(Object.keys(KLAVI_REASON_CODES)).toContain(status.statusReason?.code);
    const event = klaviStatusToEvent(status);
    expect(event).toMatchObject({
      provider: 'klavi',
      rawStatus: 'PAYMENT_REJECTED',
      reasonCodes: ['SALDO_INSUFICIENTE'],
      eventKey: klaviEventKey(status),
      hints: { amountMinor: 8710, currency: 'BRL' },
    });
  });

  it('answers a repeated clientRequestId with 409 and a bad amount with 416 and its reason code', async () => {
    const client = makeClient();
    const input = makePayment();
    await client.createPayment(input);
    await expect(client.createPayment(input)).rejects.toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENCY_CONFLICT' },
    });
    const error = await client.createPayment(makePayment({ amount: '12.3' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({ status: 416, body: { code: 'VALOR_INVALIDO' } });
  });

  it('reads payment details as a snapshot in minor units', async () => {
    const client = makeClient();
    const input = makePayment({ amount: '49.90' });
    const created = await client.createPayment(input);
    const snapshot = klaviPaymentToSnapshot(await client.getPayment(created.id));
    expect(snapshot).toMatchObject({
      provider: 'klavi',
      method: 'pix',
      amountMinor: 4990,
      currency: 'BRL',
      merchantReference: input.clientRequestId,
      institutionName: sandbox.participants[0]!.name,
      customer: { name: 'Maria Silva' },
    });
  });

  it('sends signed envelope webhooks whose events carry the same key as the polled status', async () => {
    const client = makeClient();
    sandbox.forceNextOutcome({ status: 'PAYMENT_COMPLETED' });
    const payment = await client.createPayment(makePayment());
    await pollUntilFinal(client, payment.id);
    await sandbox.clock.runUntilIdle({ maxMs: 60_000 });

    const events = receiver.received
      .map((delivery) => {
        const verdict = verifyKlaviWebhook(
          delivery.rawBody,
          delivery.headers,
          sandbox.credentials.secretKey,
          delivery.receivedAt,
        );
        expect(verdict).toEqual({ ok: true });
        const parsed = parseKlaviWebhook(delivery.rawBody);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.event;
      })
      .filter((event) => event.providerPaymentId === payment.id);
    expect(events.map((event) => event.rawStatus)).toContain('PAYMENT_COMPLETED');
    const polled = klaviStatusToEvent(await client.getPaymentStatus(payment.id));
    const webhook = events.find((event) => event.rawStatus === 'PAYMENT_COMPLETED')!;
    expect(webhook.eventKey).toBe(polled.eventKey);
    expect(webhook.deliveryId).toBeTruthy();
    expect(webhook.occurredAt.getTime()).toBe(polled.occurredAt.getTime());
  });
});
