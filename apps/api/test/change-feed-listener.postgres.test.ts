import { notifyPaymentChange } from '@paydesk/db';
import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

// PostgreSQL only (vitest.config.ts runs *.postgres.test.ts when TEST_DATABASE_URL is set):
// PGlite lives inside the process, so there is no listening connection that could drop.
let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

async function signedIn(role: 'support' | 'manager'): Promise<{ browser: TestBrowser; cookie: string }> {
  const user = await makeStaffUser(database.db, role);
  const browser = new TestBrowser(server.url);
  expect((await browser.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
  return { browser, cookie: browser.lastSetCookie!.split(';')[0]! };
}

/**
 * Opens a server-sent events stream and collects its messages in the background (data of
 * frames that carry no `event:` line: connection and keep-alive frames name theirs).
 */
async function openStream(path: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/trpc/${path}`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: unknown[] = [];
  let buffer = '';
  // The server is subscribed once it sent its first frame; only then may the test go on.
  buffer += (await reader.read()).value ?? '';
  const reading = (async () => {
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true, value: undefined }) as const);
      if (next.done) return;
      buffer += next.value;
      const parts = buffer.split('\n\n');
      buffer = parts.pop()!;
      for (const part of parts) {
        const lines = part.split('\n');
        const data = lines.find((line) => line.startsWith('data: '));
        if (data && !lines.some((line) => line.startsWith('event: '))) messages.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  return {
    messages,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

async function feedListeners(): Promise<number[]> {
  const result = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "paydesk_payment_changes"'`.execute(database.db);
  return result.rows.map((row) => row.pid);
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const startedAt = performance.now();
  while (!(await condition())) {
    if (performance.now() - startedAt > 10_000) throw new Error(`${what}: not within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the live change feed losing its listening connection', () => {
  it('survives, listens again, tells subscribers to refetch and delivers changes committed afterwards', async () => {
    const { browser, cookie } = await signedIn('support');
    const { cookie: managerCookie } = await signedIn('manager');
    const watched = await makePayment(database.db, { status: 'PENDING' });
    const input = encodeURIComponent(JSON.stringify({ paymentId: watched.id }));
    const changes = await openStream(`live.paymentChanges?input=${input}`, cookie);
    const pulses = await openStream('live.analyticsChanges', managerCookie);

    // Earlier pulses (none are expected, but a pulse interval is 2 s) must not count below.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const pulsesBefore = pulses.messages.length;

    const before = await feedListeners();
    expect(before).toHaveLength(1);
    await sql`SELECT pg_terminate_backend(pid) FROM unnest(${before}::int[]) AS pid`.execute(database.db);
    await waitFor(async () => {
      const now = await feedListeners();
      return now.length === 1 && !before.includes(now[0]!);
    }, 'a new LISTEN');

    // Nothing was committed meanwhile, yet subscribers are told they may have missed something:
    // the stream of one payment gets the resync, and dashboards get a pulse.
    await waitFor(() => changes.messages.length >= 1, 'the resync notice');
    expect(changes.messages).toEqual([{ kind: 'resync' }]);
    await waitFor(() => pulses.messages.length > pulsesBefore, 'a pulse after listening again');

    // A change committed after the reconnect reaches the subscriber.
    await database.db.transaction().execute(async (trx) => {
      await notifyPaymentChange(trx, { paymentId: watched.id, provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' });
    });
    await waitFor(() => changes.messages.length >= 2, 'the change after the reconnect');
    expect(changes.messages[1]).toEqual({ paymentId: watched.id, provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' });

    // The process is still serving requests.
    expect((await browser.query('auth.me')).status).toBe(200);
    await Promise.all([changes.close(), pulses.close()]);
  });
});
