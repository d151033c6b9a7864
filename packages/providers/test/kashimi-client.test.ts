import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderHttpError, ProviderParseError, ProviderTimeoutError } from '../src/errors.ts';
import { KashimiClient } from '../src/kashimi/client.ts';
import { kashimiPaymentToSnapshot, kashimiStatusToEvent } from '../src/kashimi/events.ts';
import type { KashimiInitiatePaymentInput } from '../src/kashimi/schemas.ts';
import type { KashimiSandbox } from '../src/kashimi/sandbox.ts';
import { startKashimiSandbox } from '../src/kashimi/sandbox.ts';
import { fastRetry } from './helpers.ts';

let sandbox: KashimiSandbox;
let sequence = 0;

beforeAll(async () => {
  sandbox = await startKashimiSandbox({ seed: 'kashimi-client' });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  sandbox.setFaults({});
});

function makeClient(overrides: Partial<ConstructorParameters<typeof KashimiClient>[0]> = {}): KashimiClient {
  return new KashimiClient({
    baseUrl: sandbox.url,
    credentials: { clientId: sandbox.credentials.clientId, clientSecret: sandbox.credentials.clientSecret },
    clock: sandbox.clock,
    timeoutMs: 2_000,
    retry: fastRetry,
    ...overrides,
  });
}

function makePayment(overrides: Partial<KashimiInitiatePaymentInput> = {}): KashimiInitiatePaymentInput {
  sequence += 1;
  return {
    providerId: 'nl-ing',
    amount: 25.5,
    currency: 'EUR',
    recipient: { name: 'Paydesk Demo GmbH', account: { iban: 'DE89370400440532013000' } },
    remittanceInformation: `Order ${sequence}`,
    metadata: { endToEndId: `kc-${sequence}-${Date.now()}`, redirectUri: 'https://shop.example/return' },
    ...overrides,
  };
}

function requestsTo(path: string): number {
  return sandbox.requests.filter((entry) => entry.path === path).length;
}

describe('Kashimi client', () => {
  it('fetches one token for many calls and renews it shortly before it expires', async () => {
    const client = makeClient();
    const before = sandbox.state.tokensIssued;
    await client.listBanks();
    await client.listBanks();
    await client.initiatePayment(makePayment());
    expect(client.tokensIssued).toBe(1);
    expect(sandbox.state.tokensIssued - before).toBe(1);

    // 1800 s lifetime, renewed a minute early: at 1741 s a new token is fetched.
    await sandbox.advance(1_741_000);
    await client.listBanks();
    expect(client.tokensIssued).toBe(2);
    expect(sandbox.state.tokensIssued - before).toBe(2);
  });

  it('sends the client id and secret with HTTP Basic and asks for the back-office scopes', async () => {
    const client = makeClient();
    await client.listBanks();
    const [token] = [...sandbox.state.tokens.values()].slice(-1);
    expect(token?.scopes).toEqual(['payments:read', 'payments:write', 'providers:read']);
  });

  it('renews the token once when Kashimi answers 401, then succeeds', async () => {
    const client = makeClient();
    await client.listBanks();
    sandbox.revokeTokens();
    const banks = await client.listBanks();
    expect(banks.length).toBeGreaterThan(0);
    expect(client.tokensIssued).toBe(2);
  });

  it('throws ProviderHttpError with Kashimi’s error body when the client secret is wrong', async () => {
    const client = makeClient({ credentials: { clientId: sandbox.credentials.clientId, clientSecret: 'wrong' } });
    const error = await client.listBanks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({
      status: 401,
      provider: 'kashimi',
      operation: 'requestToken',
      body: { title: 'Unauthorized', httpStatusCode: 401 },
    });
  });

  it('waits out Retry-After on a 429 and then succeeds', async () => {
    const client = makeClient();
    await client.listBanks();
    const before = requestsTo('/api/v1/capabilities/providers');
    sandbox.injectFault({ kind: 'rate429', path: '/api/v1/capabilities/providers', retryAfterSeconds: 1 });
    const started = Date.now();
    const banks = await client.listBanks();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(banks.length).toBeGreaterThan(0);
    const statuses = sandbox.requests
      .filter((e) => e.path === '/api/v1/capabilities/providers')
      .slice(before)
      .map((e) => e.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('retries a 503 on a read and returns the answer of the next attempt', async () => {
    const client = makeClient();
    const { id } = await client.initiatePayment(makePayment());
    sandbox.injectFault({ kind: 'error5xx', status: 503, path: '/api/v1/payment-statuses/latest' });
    const latest = await client.getLatestStatus(id);
    expect(latest.paymentId).toBe(id);
  });

  it('gives up with ProviderTimeoutError when every attempt of a read times out', async () => {
    const client = makeClient({ timeoutMs: 300, retry: { ...fastRetry, maxAttempts: 2 } });
    await client.listBanks();
    sandbox.injectFault({ kind: 'timeout', path: '/api/v1/capabilities/providers', times: 2 });
    const error = await client.listBanks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderTimeoutError);
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 300 });
  });

  it('answers a second payment with the same endToEndId with a 409 carrying Kashimi’s body', async () => {
    const client = makeClient();
    const payment = makePayment();
    await client.initiatePayment(payment);
    const error = await client.initiatePayment(payment).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error).toMatchObject({ status: 409, body: { title: 'Conflict', httpStatusCode: 409 } });
  });

  it('returns the status history oldest first, each record becoming an event keyed by its id', async () => {
    const client = makeClient();
    sandbox.forceNextOutcome({ outcome: 'COMPLETED' });
    const { id } = await client.initiatePayment(makePayment());
    await sandbox.clock.runUntilIdle();
    const history = await client.getStatusHistory(id);
    expect(history.length).toBeGreaterThan(2);
    const times = history.map((record) => Date.parse(record.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(history.at(-1)).toMatchObject({ status: 'COMPLETED', detailedStatus: 'PAYMENT_EXECUTION_COMPLETED' });

    const events = history.map((record) => kashimiStatusToEvent(record, 'archive'));
    expect(events.map((event) => event.eventKey)).toEqual(history.map((record) => record.id));
    expect(new Set(events.map((event) => event.eventKey)).size).toBe(events.length);
    expect(events[0]).toMatchObject({ provider: 'kashimi', providerPaymentId: id, source: 'archive' });
  });

  it('reads payment details and converts the decimal amount to minor units', async () => {
    const client = makeClient();
    const input = makePayment({ amount: 1234.5 });
    const { id } = await client.initiatePayment(input);
    const payment = await client.getPayment(id);
    const snapshot = kashimiPaymentToSnapshot(payment);
    expect(snapshot).toMatchObject({
      provider: 'kashimi',
      providerPaymentId: id,
      direction: 'payin',
      method: 'open_banking',
      amountMinor: 123450,
      currency: 'EUR',
      institutionId: 'nl-ing',
      merchantReference: input.metadata.endToEndId,
      paymentReference: input.remittanceInformation,
    });
  });

  it('answers 404 with Kashimi’s body for a payment it does not know', async () => {
    const client = makeClient();
    const error = await client.getPayment('00000000-0000-4000-8000-000000000000').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, body: { httpStatusCode: 404 } });
  });
});

describe('Kashimi client against a misbehaving server', () => {
  it('throws ProviderParseError naming the problem when a 2xx body has the wrong shape', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/v1/auth/token')) {
        res.end(JSON.stringify({ access_token: 'abc', token_type: 'Bearer', expires_in: 1800 }));
      } else {
        res.end(JSON.stringify({ id: 'x', status: 'PENDING', createdAt: '2026-01-01T00:00:00Z' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new KashimiClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { clientId: 'a', clientSecret: 'b' },
        retry: fastRetry,
      });
      const error = await client.getLatestStatus('x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderParseError);
      expect((error as ProviderParseError).problems).toContain('field paymentId is missing');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
