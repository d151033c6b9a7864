import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { createSandboxClock, startDemoTraffic, startSandboxes, type Sandboxes } from '@paydesk/providers/sandbox';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.ts';
import { createProviderGateway, type ProviderGateway } from '../src/providers/provider-gateway.ts';
import { settingsForSandboxes } from '../src/providers/sandbox-settings.ts';
import { startRuntime, type Runtime } from '../src/runtime.ts';
import { processInboxRound } from '../src/workers/inbox-worker.ts';
import { pollStatusRound } from '../src/workers/status-poller.ts';
import { compareWithSandboxes } from './support/sandbox-harness.ts';

interface Call {
  instance: string;
  paymentId: string;
  start: number;
  end: number;
}

let database: TestDatabase;
let sandboxes: Sandboxes;
let balancer: Server;
const instances: Runtime[] = [];
/** Each instance's poller calls providers through its own recording client. */
const pollGateways: ProviderGateway[] = [];
const calls: Call[] = [];
const forwarded = { a: 0, b: 0, both: 0 };

const sandboxClock = createSandboxClock({ start: new Date('2026-11-21T09:00:00Z') });
const clock: Clock = { now: () => new Date(sandboxClock.now()) };
const log = pino({ level: 'silent' });

/** Records every status check an instance's poller makes, to find two instances polling one payment at once. */
function recordingFetch(instance: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const paymentId = url.searchParams.get('paymentId') ?? /\/(?:payments|transactions)\/([^/]+)/.exec(url.pathname)?.[1];
    const start = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      if (paymentId && init?.method !== 'POST') calls.push({ instance, paymentId, start, end: performance.now() });
    }
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  // A load balancer in front of two API instances: each delivery goes to one at random,
  // and one in five to both, as a provider retrying through a flaky network would.
  balancer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const roll = Math.random();
      const targets = roll < 0.2 ? instances : [instances[roll < 0.6 ? 0 : 1]!];
      if (targets.length === 2) forwarded.both += 1;
      else if (targets[0] === instances[0]) forwarded.a += 1;
      else forwarded.b += 1;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      Promise.all(targets.map((target) => fetch(`${target.url}${req.url}`, { method: 'POST', headers, body })))
        .then((answers) => {
          res.statusCode = answers[0]!.status;
          res.end();
        })
        .catch(() => {
          res.statusCode = 502;
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
  const balancerUrl = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}`;
  sandboxes = await startSandboxes({ clock: sandboxClock, seed: 21, webhookBaseUrl: `${balancerUrl}/webhooks` });
  for (const name of ['a', 'b']) {
    instances.push(
      await startRuntime({
        database,
        clock,
        config: { businessTimeZone: 'Europe/Madrid' },
        log,
        host: '127.0.0.1',
        port: 0,
        providerSettings: settingsForSandboxes(sandboxes),
        workers: false,
        gatewayOptions: { timeoutMs: 2000 },
      }),
    );
    pollGateways.push(createProviderGateway(settingsForSandboxes(sandboxes), { fetch: recordingFetch(name), timeoutMs: 2000 }));
  }
});

afterAll(async () => {
  for (const instance of instances) await instance.stop();
  await sandboxes?.close();
  await new Promise<void>((resolve) => (balancer ? balancer.close(() => resolve()) : resolve()));
  await database?.destroy();
});

describe('two API instances on one database', () => {
  it('apply every event exactly once and never poll one payment at the same time', { timeout: 300_000 }, async () => {
    const traffic = startDemoTraffic({ sandboxes, ratePerMinute: 0, seed: 21 });
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 25 }, () => traffic.createOne()));
    await traffic.stop();

    // Both instances work the same queues at the same moment, round after round.
    for (let step = 0; step < 120; step++) {
      await sandboxes.advance(30_000);
      for (let round = 0; round < 50; round++) {
        const handled = await Promise.all(
          instances.flatMap((instance, index) => [
            processInboxRound({ db: database.db, gateway: instance.gateway, clock, log, batchSize: 20 }),
            pollStatusRound({ db: database.db, gateway: pollGateways[index]!, clock, log, batchSize: 20 }),
          ]),
        );
        if (handled.every((n) => n === 0)) break;
      }
    }

    expect(forwarded.a).toBeGreaterThan(0);
    expect(forwarded.b).toBeGreaterThan(0);
    expect(forwarded.both).toBeGreaterThan(0);
    const { compared, mismatches } = await compareWithSandboxes(database.db, { sandboxes } as Runtime);
    expect(compared).toBeGreaterThan(180);
    expect(mismatches).toEqual([]);

    const byPayment = new Map<string, Call[]>();
    for (const call of calls) byPayment.set(call.paymentId, [...(byPayment.get(call.paymentId) ?? []), call]);
    const overlaps: string[] = [];
    for (const [paymentId, list] of byPayment) {
      const sorted = [...list].sort((x, y) => x.start - y.start);
      for (let i = 1; i < sorted.length; i++) {
        const [previous, current] = [sorted[i - 1]!, sorted[i]!];
        if (current.start < previous.end && current.instance !== previous.instance) overlaps.push(paymentId);
      }
    }
    expect(new Set(calls.map((call) => call.instance))).toEqual(new Set(['a', 'b']));
    expect(overlaps).toEqual([]);
  });
});
