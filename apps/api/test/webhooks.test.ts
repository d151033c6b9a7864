import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { signKasha, signKashimiWebhook, signKlaviWebhook } from '@paydesk/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { manualClock } from '../src/clock.ts';
import { startRuntime, type Runtime } from '../src/runtime.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { processInboxRound } from '../src/workers/inbox-worker.ts';

const secrets = { kashimi: 'kashimi-test-secret', klavi: 'klavi-test-secret', kasha: 'kasha-test-secret' };
let database: TestDatabase;
let runtime: Runtime;
const clock = manualClock(new Date('2026-11-21T10:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  runtime = await startRuntime({
    database,
    clock,
    config: { businessTimeZone: 'Europe/Madrid' },
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    providerSettings: {
      kashimi: { baseUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'x', webhookSecret: secrets.kashimi },
      klavi: { baseUrl: 'http://127.0.0.1:9', accessKey: 'x', secretKey: secrets.klavi },
      kasha: { baseUrl: 'http://127.0.0.1:9', apiKey: 'x', secret: secrets.kasha },
    },
    workers: false,
  });
});
afterAll(async () => {
  await runtime?.stop();
  await database?.destroy();
});

function kashimiBody() {
  return JSON.stringify({
    eventId: randomUUID(),
    event: 'PAYMENT_STATUS_UPDATED',
    paymentId: randomUUID(),
    status: 'PENDING',
    detailedStatus: 'PAYMENT_CONSENT_REDIRECT_PENDING',
    failureReasons: null,
    createdAt: '2026-11-21T09:59:00Z',
  });
}

async function post(provider: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${runtime.url}/webhooks/${provider}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as { deliveryId?: number; error?: string } };
}

async function storedDelivery(id: number | undefined) {
  return database.db.selectFrom('webhook_inbox').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
}

describe('a provider webhook', () => {
  it('with a good signature is stored before the 202 answer and waits for processing', async () => {
    const body = kashimiBody();
    const result = await post('kashimi', body, { 'x-kashimi-signature': signKashimiWebhook(body, secrets.kashimi) });
    expect(result.status).toBe(202);
    const stored = await storedDelivery(result.body.deliveryId);
    expect(stored).toMatchObject({ provider: 'kashimi', state: 'received', body });
  });

  it('with a wrong signature is answered 401 and still kept, marked rejected with the reason', async () => {
    const body = kashimiBody();
    const result = await post('kashimi', body, { 'x-kashimi-signature': signKashimiWebhook(body, 'another secret') });
    expect(result.status).toBe(401);
    const stored = await storedDelivery(result.body.deliveryId);
    expect(stored.state).toBe('rejected');
    expect(stored.reject_reason).toMatch(/^signature: /);
    expect(stored.body).toBe(body);
  });

  it('with one flipped bit in the body is refused', async () => {
    const body = kashimiBody();
    const signature = signKashimiWebhook(body, secrets.kashimi);
    const tampered = body.replace('PENDING', 'PENDINF');
    expect((await post('kashimi', tampered, { 'x-kashimi-signature': signature })).status).toBe(401);
  });

  it('that is not JSON is answered 400 naming the problem, and kept', async () => {
    const body = '{"eventId": "abc", oops';
    const result = await post('kasha', body, { 'x-signature': signKasha(body, secrets.kasha) });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('body is not valid JSON');
    expect((await storedDelivery(result.body.deliveryId)).state).toBe('rejected');
  });

  it('from Klavi with a stale timestamp is refused', async () => {
    const body = JSON.stringify({ partnerAppId: 'p', eventId: randomUUID(), eventType: 'PAYMENT', eventName: 'PAYMENT_STATUS_CHANGED', eventTime: '2026-11-21T09:00:00Z', payload: {} });
    const staleSeconds = Math.floor(clock.now().getTime() / 1000) - 6 * 60;
    const result = await post('klavi', body, { 'x-klavi-signature': signKlaviWebhook(body, secrets.klavi), 'x-klavi-timestamp': String(staleSeconds) });
    expect(result.status).toBe(401);
  });

  it('whose JSON is not a payment event is marked rejected with the parser\'s reason when processed', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const result = await post('kashimi', body, { 'x-kashimi-signature': signKashimiWebhook(body, secrets.kashimi) });
    expect(result.status).toBe(202);
    await processInboxRound({ db: database.db, gateway: runtime.gateway, clock, log: pino({ level: 'silent' }) });
    const stored = await storedDelivery(result.body.deliveryId);
    expect(stored.state).toBe('rejected');
    expect(stored.reject_reason).toMatch(/eventId|paymentId|missing/i);
  });

  it('for an unknown provider gets 404 and is not mistaken for another', async () => {
    const response = await fetch(`${runtime.url}/webhooks/paypal`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(404);
  });
});

describe('the inbox screen', () => {
  it('lists deliveries with their state and reason, and lets an admin put one back in the queue, audited', async () => {
    const admin = await makeStaffUser(database.db, 'admin');
    const caller = createTestCaller({ db: database.db, clock }, { user: admin });
    const body = kashimiBody();
    const accepted = await post('kashimi', body, { 'x-kashimi-signature': signKashimiWebhook(body, secrets.kashimi) });
    const log = pino({ level: 'silent' });
    // The payment is new and the provider is unreachable here: the delivery waits for a retry.
    await processInboxRound({ db: database.db, gateway: runtime.gateway, clock, log });
    const waiting = await storedDelivery(accepted.body.deliveryId);
    expect(waiting.state).toBe('received');
    expect(waiting.last_error).toBeTruthy();

    const rejected = await caller.inbox.list({ state: 'rejected' });
    expect(rejected.rows.length).toBeGreaterThan(0);
    expect(rejected.rows.every((row) => row.state === 'rejected' && row.reject_reason)).toBe(true);

    await expect(caller.inbox.replay({ id: accepted.body.deliveryId! })).rejects.toThrow(/already waiting/);
    const signatureRejected = rejected.rows.find((row) => row.reject_reason?.startsWith('signature'))!;
    await caller.inbox.replay({ id: signatureRejected.id });
    expect((await storedDelivery(signatureRejected.id)).state).toBe('received');
    const audit = await database.db.selectFrom('audit_log').select(['actor_id', 'target_id', 'outcome']).where('action', '=', 'inbox.replay').orderBy('id').execute();
    expect(audit).toEqual([
      { actor_id: admin.id, target_id: String(accepted.body.deliveryId), outcome: 'failure' },
      { actor_id: admin.id, target_id: String(signatureRejected.id), outcome: 'success' },
    ]);
  });

  it('is closed to support agents', async () => {
    const agent = await makeStaffUser(database.db, 'support');
    const caller = createTestCaller({ db: database.db, clock }, { user: agent });
    await expect(caller.inbox.list({})).rejects.toThrow(/cannot do this/);
  });
});
