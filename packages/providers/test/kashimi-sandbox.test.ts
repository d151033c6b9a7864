import { KASHIMI_DETAILED_STATUSES, KASHIMI_FAILURE_REASONS } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KashimiClient } from '../src/kashimi/client.ts';
import type { KashimiStatusRecord } from '../src/kashimi/schemas.ts';
import type { KashimiSandbox } from '../src/kashimi/sandbox.ts';
import { startKashimiSandbox } from '../src/kashimi/sandbox.ts';
import { parseKashimiWebhook, verifyKashimiWebhook } from '../src/kashimi/webhook.ts';
import type { WebhookReceiver } from './helpers.ts';
import { fastRetry, startWebhookReceiver } from './helpers.ts';

type Catalog = Record<string, { phase: number; status: string }>;
const detailed = KASHIMI_DETAILED_STATUSES as Catalog;

let sandbox: KashimiSandbox;
let receiver: WebhookReceiver;
let client: KashimiClient;
let sequence = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startKashimiSandbox({ seed: 'kashimi-walks', quirks: false, webhookUrl: receiver.url });
  client = new KashimiClient({
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    clock: sandbox.clock,
    retry: fastRetry,
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function initiate(options: { providerId?: string; currency?: string; amount?: number } = {}): Promise<string> {
  sequence += 1;
  const { id } = await client.initiatePayment({
    ...(options.providerId ? { providerId: options.providerId } : {}),
    amount: options.amount ?? 19.99,
    currency: options.currency ?? 'EUR',
    recipient: { name: 'Paydesk Demo GmbH', account: { iban: 'DE89370400440532013000' } },
    remittanceInformation: `Order ${sequence}`,
    metadata: { endToEndId: `walk-${sequence}`, redirectUri: 'https://shop.example/return' },
  });
  return id;
}

/** Problems with a history as a walk through Kashimi's phases; empty when it is valid. */
function walkProblems(history: KashimiStatusRecord[], hosted: boolean): string[] {
  const problems: string[] = [];
  let phase = 0;
  history.forEach((record, index) => {
    const isLast = index === history.length - 1;
    const entry = detailed[record.detailedStatus ?? ''];
    if (!entry) return problems.push(`unknown detailed status ${record.detailedStatus}`);
    if (record.status === 'UNKNOWN') {
      if (record.detailedStatus !== 'PAYMENT_EXECUTION_PENDING' || isLast)
        problems.push('UNKNOWN outside execution or left unresolved');
    } else if (entry.status !== record.status) {
      problems.push(`${record.detailedStatus} is ${entry.status} in the catalog, ${record.status} in the walk`);
    }
    if (entry.phase < phase)
      problems.push(`phase went back from ${phase} to ${entry.phase} at ${record.detailedStatus}`);
    phase = entry.phase;
    if (record.status === 'FAILED' || record.status === 'COMPLETED') {
      if (!isLast) problems.push(`${record.status} before the end`);
    }
    if (record.status === 'FAILED') {
      const previous = history[index - 1];
      if (!previous || detailed[previous.detailedStatus ?? '']?.phase !== entry.phase)
        problems.push('failure not in the phase it happened in');
      const reasons = record.failureReasons ?? [];
      if (
        reasons.length === 0 ||
        !reasons.every((reason) => typeof reason === 'string' && reason in KASHIMI_FAILURE_REASONS)
      ) {
        problems.push(`failure reasons ${JSON.stringify(record.failureReasons)} are not catalogued`);
      }
    }
    if (index > 0 && Date.parse(record.createdAt) < Date.parse(history[index - 1]!.createdAt))
      problems.push('time went back');
  });
  const last = history.at(-1);
  if (last?.status !== 'COMPLETED' && last?.status !== 'FAILED') problems.push('did not end COMPLETED or FAILED');
  if (last?.status === 'COMPLETED' && last.detailedStatus !== 'PAYMENT_EXECUTION_COMPLETED')
    problems.push('completed outside execution');
  const startsInPhaseOne = detailed[history[0]?.detailedStatus ?? '']?.phase === 1;
  if (hosted !== startsInPhaseOne)
    problems.push(hosted ? 'hosted payment skipped bank selection' : 'own selection went through phase 1');
  return problems;
}

describe('Kashimi sandbox', () => {
  it('walks every payment through the documented phases, failing only where its reason belongs', async () => {
    const started: { id: string; hosted: boolean }[] = [];
    for (const bank of sandbox.banks) {
      started.push({ id: await initiate({ providerId: bank.id }), hosted: false });
      started.push({ id: await initiate({ providerId: bank.id }), hosted: false });
    }
    for (let i = 0; i < 20; i++) started.push({ id: await initiate(), hosted: true });
    await sandbox.clock.runUntilIdle();

    const outcomes = new Set<string>();
    for (const { id, hosted } of started) {
      const history = await client.getStatusHistory(id);
      expect({ id, problems: walkProblems(history, hosted) }).toEqual({ id, problems: [] });
      outcomes.add(history.at(-1)!.status);
    }
    expect(outcomes).toEqual(new Set(['COMPLETED', 'FAILED']));
  });

  it('asks for account-information consent only at banks that need it', async () => {
    const withConsent = sandbox.banks.find((bank) => bank.traits.accountInformationConsent)!;
    const without = sandbox.banks.find((bank) => !bank.traits.senderAccount && !bank.traits.senderAuthorization)!;
    sandbox.forceNextOutcome({ outcome: 'COMPLETED' });
    const a = await initiate({ providerId: withConsent.id });
    sandbox.forceNextOutcome({ outcome: 'COMPLETED' });
    const b = await initiate({ providerId: without.id });
    await sandbox.clock.runUntilIdle();
    const consentSteps = async (id: string) =>
      (await client.getStatusHistory(id)).filter((r) =>
        r.detailedStatus?.startsWith('SENDER_ACCOUNT_INFORMATION_CONSENT'),
      ).length;
    expect(await consentSteps(a)).toBe(3);
    expect(await consentSteps(b)).toBe(0);
    expect((await client.getStatusHistory(b)).map((r) => r.detailedStatus)).toEqual([
      'PAYMENT_CONSENT_REDIRECT_PENDING',
      'PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING',
      'PAYMENT_EXECUTION_PENDING',
      'PAYMENT_EXECUTION_COMPLETED',
    ]);
  });

  it('sends signed webhooks only at initiation and at the final status', async () => {
    sandbox.forceNextOutcome({
      outcome: 'FAILED',
      at: 'PAYMENT_EXECUTION_PENDING',
      reason: 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS',
    });
    const id = await initiate({ providerId: 'de-deutsche-bank' });
    await sandbox.clock.runUntilIdle();
    const history = await client.getStatusHistory(id);
    const events = receiver.received
      .map((delivery) => {
        expect(verifyKashimiWebhook(delivery.rawBody, delivery.headers, sandbox.credentials.webhookSecret)).toEqual({
          ok: true,
        });
        const parsed = parseKashimiWebhook(delivery.rawBody);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.event;
      })
      .filter((event) => event.providerPaymentId === id);
    expect(history.length).toBeGreaterThan(5);
    expect(events.map((event) => event.eventKey)).toEqual([history[0]!.id, history.at(-1)!.id]);
    expect(events[1]).toMatchObject({ rawStatus: 'FAILED', reasonCodes: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS'] });
  });

  it('shows UNKNOWN for a while and resolves it later', async () => {
    sandbox.forceNextOutcome({ outcome: 'UNKNOWN', resolvesTo: 'COMPLETED' });
    const id = await initiate({ providerId: 'nl-ing' });
    let latest = await client.getLatestStatus(id);
    for (let i = 0; i < 100 && latest.status !== 'UNKNOWN'; i++) {
      await sandbox.advance(5_000);
      latest = await client.getLatestStatus(id);
    }
    expect(latest).toMatchObject({ status: 'UNKNOWN', detailedStatus: 'PAYMENT_EXECUTION_PENDING' });
    await sandbox.clock.runUntilIdle();
    expect(await client.getLatestStatus(id)).toMatchObject({ status: 'COMPLETED' });
  });

  it('fails a payment in a currency other than EUR at registration with CURRENCY_INVALID', async () => {
    const id = await initiate({ providerId: 'nl-ing', currency: 'SEK' });
    await sandbox.clock.runUntilIdle();
    expect(await client.getLatestStatus(id)).toMatchObject({
      status: 'FAILED',
      detailedStatus: 'PAYMENT_REGISTRATION_FAILED',
      failureReasons: ['CURRENCY_INVALID'],
    });
  });

  it('reveals the bank of a hosted payment only once the payer has picked it', async () => {
    sandbox.forceNextOutcome({ outcome: 'COMPLETED', bankId: 'es-bbva' });
    const id = await initiate();
    expect((await client.getPayment(id)).provider).toBeNull();
    await sandbox.clock.runUntilIdle();
    expect((await client.getPayment(id)).provider).toMatchObject({ id: 'es-bbva', countryCode: 'ES' });
  });
});

describe('Kashimi sandbox with its documented quirks', () => {
  it('keeps undocumented steps and codes PENDING and every walk still ends', async () => {
    const quirky = await startKashimiSandbox({ seed: 'quirks', quirks: true });
    try {
      const quirkyClient = new KashimiClient({
        baseUrl: quirky.url,
        credentials: quirky.credentials,
        clock: quirky.clock,
      });
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const { id } = await quirkyClient.initiatePayment({
          providerId: 'de-deutsche-bank',
          amount: 10,
          currency: 'EUR',
          recipient: { name: 'Shop', account: { iban: 'DE89370400440532013000' } },
          remittanceInformation: `q-${i}`,
          metadata: { endToEndId: `q-${i}`, redirectUri: 'https://shop.example/return' },
        });
        ids.push(id);
      }
      await quirky.clock.runUntilIdle();
      const records = (await Promise.all(ids.map((id) => quirkyClient.getStatusHistory(id)))).flat();
      const undocumented = records.filter((record) => record.detailedStatus === 'AIS_PSU_CONSENT_RECEIVED');
      expect(undocumented.length).toBeGreaterThan(0);
      expect(undocumented.every((record) => record.status === 'PENDING')).toBe(true);
      expect(records.some((record) => Array.isArray(record.failureReasons) && record.failureReasons.length === 0)).toBe(
        true,
      );
    } finally {
      await quirky.close();
    }
  });
});
