import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderHttpError } from '../src/errors.ts';
import { KashaClient } from '../src/kasha/client.ts';
import { startKashaSandbox } from '../src/kasha/sandbox.ts';
import { verifyKashaWebhook } from '../src/kasha/webhook.ts';
import { KashimiClient } from '../src/kashimi/client.ts';
import { createSandboxClock } from '../src/sandbox/clock.ts';
import type { Sandboxes } from '../src/sandbox/start-sandboxes.ts';
import { startSandboxes } from '../src/sandbox/start-sandboxes.ts';
import type { CreatedTraffic } from '../src/sandbox/traffic.ts';
import { startDemoTraffic } from '../src/sandbox/traffic.ts';
import type { WebhookReceiver } from './helpers.ts';
import { fastRetry, startWebhookReceiver } from './helpers.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  cleanup.push(() => started.close());
  return started;
}

async function sandboxes(options: Parameters<typeof startSandboxes>[0] = {}): Promise<Sandboxes> {
  const started = await startSandboxes({ seed: 'plumbing', ...options });
  cleanup.push(() => started.close());
  return started;
}

describe('sandbox clock', () => {
  it('runs scheduled tasks in time order, each seeing its own due time', async () => {
    const clock = createSandboxClock({ start: 1_000 });
    const seen: [string, number][] = [];
    clock.schedule(3_000, () => void seen.push(['c', clock.now()]));
    clock.schedule(2_000, () => {
      seen.push(['b', clock.now()]);
      clock.scheduleIn(500, () => void seen.push(['b+', clock.now()]));
    });
    clock.schedule(2_000, () => void seen.push(['b2', clock.now()]));
    await clock.advance(1_000);
    expect(seen).toEqual([
      ['b', 2_000],
      ['b2', 2_000],
    ]);
    await clock.advance(5_000);
    expect(seen.slice(2)).toEqual([
      ['b+', 2_500],
      ['c', 3_000],
    ]);
    expect(clock.now()).toBe(7_000);
  });

  it('keeps a failing task from stopping the others and records the error', async () => {
    const clock = createSandboxClock({ start: 0 });
    let ran = false;
    clock.schedule(10, () => {
      throw new Error('boom');
    });
    clock.schedule(20, () => {
      ran = true;
    });
    await clock.advance(100);
    expect(ran).toBe(true);
    expect(clock.taskErrors).toHaveLength(1);
  });
});

describe('sandbox webhook delivery', () => {
  it('retries a delivery the receiver refused until it is accepted', async () => {
    const hooks = await receiver();
    hooks.respondWith = 500;
    const { kasha } = await sandboxes({ webhookBaseUrl: hooks.url });
    const client = new KashaClient({ baseUrl: kasha.url, credentials: kasha.credentials, retry: fastRetry });
    const session = await client.createPayoutSession({
      country: 'BR',
      currency: 'BRL',
      amount: 80,
      redirectUrl: 'https://shop.example/return',
      customer: { name: 'Ana Lima' },
    });
    await client.createPayout({
      sessionId: session.sessionId,
      paymentOptionId: session.paymentOptions[0]!.paymentOptionId,
    });
    await kasha.tick();
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.path).toBe('/webhooks/kasha');
    hooks.respondWith = 200;
    await kasha.advance(5_000);
    const delivery = kasha.webhooks.find((candidate) => candidate.paymentId === session.transactionId)!;
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(delivery.delivered).toBe(true);
  });

  it('duplicates, delays and mis-signs deliveries when told to, and a bad signature is retried correctly signed', async () => {
    const hooks = await receiver();
    const kasha = await startKashaSandbox({
      seed: 'delivery-faults',
      webhookUrl: hooks.url,
      faults: { duplicateDeliveryRate: 1, badSignatureRate: 0 },
    });
    cleanup.push(() => kasha.close());
    const client = new KashaClient({ baseUrl: kasha.url, credentials: kasha.credentials, retry: fastRetry });
    const payout = async () => {
      const session = await client.createPayoutSession({
        country: 'BR',
        currency: 'BRL',
        amount: 80,
        redirectUrl: 'https://shop.example/return',
        customer: { name: 'Ana Lima' },
      });
      await client.createPayout({
        sessionId: session.sessionId,
        paymentOptionId: session.paymentOptions[0]!.paymentOptionId,
      });
      return session.transactionId;
    };

    const duplicated = await payout();
    await kasha.tick();
    const copies = hooks.received.filter((delivery) => delivery.rawBody.toString().includes(duplicated));
    expect(copies).toHaveLength(2);
    expect(copies[0]!.rawBody.equals(copies[1]!.rawBody)).toBe(true);

    // A receiver that verifies answers 401 to the corrupted copy; the retry is signed properly.
    kasha.setFaults({ badSignatureRate: 1 });
    hooks.respondWith = 401;
    const misSigned = await payout();
    await kasha.tick();
    kasha.setFaults({});
    hooks.respondWith = 200;
    await kasha.advance(5_000);
    const attempts = hooks.received.filter((delivery) => delivery.rawBody.toString().includes(misSigned));
    const verdicts = attempts.map(
      (delivery) => verifyKashaWebhook(delivery.rawBody, delivery.headers, kasha.credentials.secret).ok,
    );
    expect(verdicts[0]).toBe(false);
    expect(verdicts.at(-1)).toBe(true);

    kasha.setFaults({ outOfOrderRate: 1 });
    const delayed = await payout();
    await kasha.tick();
    expect(hooks.received.some((delivery) => delivery.rawBody.toString().includes(delayed))).toBe(false);
    await kasha.advance(60_000);
    expect(hooks.received.some((delivery) => delivery.rawBody.toString().includes(delayed))).toBe(true);
  });
});

describe('sandbox answer faults', () => {
  it('injects 429s and 5xx at the configured rate; clients ride out 429/502/503/504 and surface a 500', async () => {
    const { kashimi } = await sandboxes({ faults: { rate429: 0.3, errorRate5xx: 0.2, retryAfterSeconds: 0 } });
    const client = new KashimiClient({
      baseUrl: kashimi.url,
      credentials: kashimi.credentials,
      clock: kashimi.clock,
      retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const outcomes: (number | 'ok')[] = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(
        await client.listBanks().then(
          () => 'ok' as const,
          (error: unknown) => (error as ProviderHttpError).status,
        ),
      );
    }
    expect(outcomes).toContain('ok');
    expect(outcomes.filter((outcome) => outcome !== 'ok').every((status) => status === 500)).toBe(true);
    const faults = kashimi.requests.filter((entry) => entry.fault !== undefined);
    expect(new Set(faults.map((entry) => entry.fault))).toEqual(new Set(['rate429', 'error5xx']));
  });

  it('adds latency to answers', async () => {
    const { klavi } = await sandboxes({ faults: { latencyMs: [150, 200] } });
    const started = Date.now();
    const response = await fetch(`${klavi.url}/payment/customer/v1/auth`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('startSandboxes', () => {
  it('starts all three on loopback with one shared clock and closes them', async () => {
    const all = await startSandboxes({ seed: 'lifecycle' });
    for (const sandbox of [all.kashimi, all.klavi, all.kasha])
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(all.kashimi.clock).toBe(all.klavi.clock);
    const before = all.clock.now();
    await all.advance(1_000);
    expect(all.kasha.clock.now()).toBe(before + 1_000);
    await all.close();
    await expect(fetch(`${all.kasha.url}/v2/transactions/x`)).rejects.toThrow();
  });

  it('answers unknown paths with 404 in the provider’s error shape', async () => {
    const { kashimi } = await sandboxes();
    const response = await fetch(`${kashimi.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ title: 'Not Found', httpStatusCode: 404 });
  });
});

describe('demo traffic', () => {
  it('creates payments of every kind through the sandboxes’ own APIs', async () => {
    const all = await sandboxes();
    const traffic = startDemoTraffic({ sandboxes: all, ratePerMinute: 0, seed: 'traffic' });
    const created: CreatedTraffic[] = [];
    for (const kind of ['kashimi', 'klavi', 'kasha-payin', 'kasha-payout'] as const)
      created.push(await traffic.createOne(kind));
    await traffic.stop();

    expect(all.kashimi.state.payments.has(created[0]!.id)).toBe(true);
    expect(all.klavi.state.payments.has(created[1]!.id)).toBe(true);
    expect(all.kasha.state.transactions.get(created[2]!.id)).toMatchObject({ type: 'payin', completed: true });
    expect(all.kasha.state.transactions.get(created[3]!.id)).toMatchObject({ type: 'payout', status: 'PENDING' });
    expect(traffic.created).toBe(4);
  });

  it('keeps creating payments at the requested pace until stopped', async () => {
    const all = await sandboxes();
    const traffic = startDemoTraffic({ sandboxes: all, ratePerMinute: 1_200, seed: 'pace' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await traffic.stop();
    const count = traffic.created;
    // About 20 expected in a second; the bounds only guard against "none" and "runaway".
    expect(count).toBeGreaterThan(3);
    expect(count).toBeLessThan(80);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(traffic.created).toBe(count);
    const total = all.kashimi.state.payments.size + all.klavi.state.payments.size + all.kasha.state.transactions.size;
    expect(total).toBe(count);
  });
});
