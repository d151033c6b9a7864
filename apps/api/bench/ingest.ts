import http from 'node:http';
import { createDatabase, migrateToLatest } from '@paydesk/db';
import { signKashimiWebhook } from '@paydesk/providers';
import { createSandboxClock, startDemoTraffic, startSandboxes } from '@paydesk/providers/sandbox';
import { sql } from 'kysely';
import { benchDatabaseUrl } from './bench-database.ts';
import { httpRequest } from './http-client.ts';
import { startServerProcess } from './server-process.ts';
import { ms, percentile, timeConcurrently } from './stats.ts';

export interface IngestFigures {
  deliveries: number;
  duplicatesSent: number;
  concurrency: number;
  acknowledgedPerSecond: number;
  p50: number;
  p99: number;
  processedPerSecond: number;
  lostEvents: number;
  duplicatedEvents: number;
}

/**
 * Signed webhook deliveries over HTTP at concurrency 32 against Paydesk running as
 * `pnpm start` runs it (its own process, its workers applying what arrives) on real
 * PostgreSQL. The events are the full Kashimi archives of sandbox payments, with one in ten
 * sent twice; afterwards every archive entry must be in Paydesk exactly once.
 */
export async function benchIngest(options: { payments: number; concurrency: number }): Promise<IngestFigures> {
  const { url } = await benchDatabaseUrl('paydesk_bench_ingest', { fresh: true });
  const database = await createDatabase({ url, poolSize: 4 });
  await migrateToLatest(database.db);
  const sandboxClock = createSandboxClock({ start: new Date() });
  const sandboxes = await startSandboxes({ clock: sandboxClock, seed: 99 });
  // Paydesk fetches the details of payments new to it from the sandbox in this process.
  const server = await startServerProcess({
    databaseUrl: url,
    port: 3991,
    env: {
      KASHIMI_BASE_URL: sandboxes.kashimi.url,
      KASHIMI_CLIENT_ID: sandboxes.kashimi.credentials.clientId,
      KASHIMI_CLIENT_SECRET: sandboxes.kashimi.credentials.clientSecret,
      KASHIMI_WEBHOOK_SECRET: sandboxes.kashimi.credentials.webhookSecret,
    },
  });
  // One keep-alive connection per concurrent sender, as a provider's delivery pool would hold.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    // Payments that have lived their whole life at the provider, with no webhook sent yet.
    const traffic = startDemoTraffic({ sandboxes, ratePerMinute: 0, mix: { kashimi: 1 }, seed: 99 });
    for (let made = 0; made < options.payments; made += 50) await Promise.all(Array.from({ length: Math.min(50, options.payments - made) }, () => traffic.createOne('kashimi')));
    await traffic.stop();
    await sandboxes.advance(6 * 3600_000);
    const secret = sandboxes.kashimi.credentials.webhookSecret;
    const bodies: string[] = [];
    let duplicatesSent = 0;
    for (const payment of sandboxes.kashimi.state.payments.values()) {
      for (const entry of payment.history) {
        const body = JSON.stringify({ eventId: entry.id, event: 'PAYMENT_STATUS_UPDATED', ...entry });
        bodies.push(body);
        if (bodies.length % 10 === 0) {
          bodies.push(body);
          duplicatesSent += 1;
        }
      }
    }
    // Shuffle: deliveries of one payment arrive out of order and interleaved with others.
    for (let i = bodies.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
    }

    // Signed up front: a provider signs before it sends, and that cost is not Paydesk's.
    const signatures = bodies.map((body) => signKashimiWebhook(body, secret));
    const started = performance.now();
    const acks = await timeConcurrently(bodies.length, options.concurrency, async (i) => {
      const { status } = await httpRequest(agent, `${server.url}/webhooks/kashimi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kashimi-signature': signatures[i]! },
        body: bodies[i]!,
      });
      if (status !== 202) throw new Error(`delivery answered ${status}`);
    });
    // Wait until every delivery is processed.
    for (;;) {
      const waiting = await database.db.selectFrom('webhook_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'received').executeTakeFirstOrThrow();
      if (Number(waiting.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const processedSeconds = (performance.now() - started) / 1000;

    const expected = new Map<string, number>();
    for (const payment of sandboxes.kashimi.state.payments.values()) expected.set(payment.id, payment.history.length);
    const counts = await sql<{ provider_payment_id: string; events: number; distinct_events: number }>`
      SELECT p.provider_payment_id, count(e.id) AS events, count(DISTINCT e.event_key) AS distinct_events
        FROM payments p LEFT JOIN payment_events e ON e.payment_id = p.id GROUP BY 1`.execute(database.db);
    let lostEvents = 0;
    let duplicatedEvents = 0;
    const seen = new Set<string>();
    for (const row of counts.rows) {
      seen.add(row.provider_payment_id);
      const want = expected.get(row.provider_payment_id) ?? 0;
      lostEvents += Math.max(0, want - Number(row.distinct_events));
      duplicatedEvents += Number(row.events) - Number(row.distinct_events) + Math.max(0, Number(row.distinct_events) - want);
    }
    for (const [id, want] of expected) if (!seen.has(id)) lostEvents += want;

    return {
      deliveries: bodies.length,
      duplicatesSent,
      concurrency: options.concurrency,
      acknowledgedPerSecond: bodies.length / acks.seconds,
      p50: percentile(acks.durations, 50),
      p99: percentile(acks.durations, 99),
      processedPerSecond: bodies.length / processedSeconds,
      lostEvents,
      duplicatedEvents,
    };
  } finally {
    agent.destroy();
    await server.stop();
    await sandboxes.close();
    await database.destroy();
  }
}

export function formatIngest(figures: IngestFigures): string {
  return [
    `| deliveries (of which sent twice) | concurrency | acknowledged / s | ack p50 / p99 (ms) | processed / s (end to end) | lost events | duplicated events |`,
    `|---|---|---|---|---|---|---|`,
    `| ${figures.deliveries} (${figures.duplicatesSent}) | ${figures.concurrency} | ${Math.round(figures.acknowledgedPerSecond)} | ${ms(figures.p50)} / ${ms(figures.p99)} | ${Math.round(figures.processedPerSecond)} | ${figures.lostEvents} | ${figures.duplicatedEvents} |`,
  ].join('\n');
}
