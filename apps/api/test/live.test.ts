import { makePayment, createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { notifyPaymentChange } from '@paydesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let managerCookie: string;

async function signedInCookie(role: 'support' | 'manager'): Promise<string> {
  const user = await makeStaffUser(database.db, role);
  const browser = new TestBrowser(server.url);
  await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  return browser.lastSetCookie!.split(';')[0]!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
  cookie = await signedInCookie('support');
  managerCookie = await signedInCookie('manager');
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

/** Opens the SSE stream and collects `data:` messages until `count` arrived. */
async function collectEvents(input: unknown, count: number, whileOpen: () => Promise<void>): Promise<unknown[]> {
  const controller = new AbortController();
  const url = `${server.url}/api/trpc/live.paymentChanges?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: unknown[] = [];
  let buffer = '';
  // The server is connected once it sends its first frame; only then make changes.
  const first = await reader.read();
  buffer += first.value ?? '';
  await whileOpen();
  const deadline = Date.now() + 10_000;
  while (messages.length < count && Date.now() < deadline) {
    const parts = buffer.split('\n\n');
    buffer = parts.pop()!;
    for (const part of parts) {
      const data = part.split('\n').find((line) => line.startsWith('data: '));
      if (data && part.includes('id: ')) messages.push(JSON.parse(data.slice(6)));
    }
    if (messages.length >= count) break;
    const next = await reader.read();
    if (next.done) break;
    buffer += next.value;
  }
  controller.abort();
  return messages;
}

describe('live payment changes', () => {
  it('reach a signed-in subscriber once the change commits, filtered to the payment asked for', async () => {
    const watched = await makePayment(database.db, { status: 'PENDING' });
    const other = await makePayment(database.db, { status: 'PENDING' });
    const messages = await collectEvents({ paymentId: watched.id }, 1, async () => {
      await notifyPaymentChange(database.db, { paymentId: other.id, provider: 'kasha', direction: 'payin', status: 'FAILED', kind: 'status' });
      await database.db.transaction().execute(async (trx) => {
        await notifyPaymentChange(trx, { paymentId: watched.id, provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' });
      });
    });
    expect(messages).toEqual([{ paymentId: watched.id, provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' }]);
  });

  it('are not sent for a transaction that rolls back', async () => {
    const payment = await makePayment(database.db, { status: 'PENDING' });
    const messages = await collectEvents({ paymentId: payment.id }, 1, async () => {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await notifyPaymentChange(trx, { paymentId: payment.id, provider: 'kasha', direction: 'payin', status: 'FAILED', kind: 'status' });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await notifyPaymentChange(database.db, { paymentId: payment.id, provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' });
    });
    expect(messages).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
  });

  it('reach an analytics dashboard as a few pulses that name no payment, however many payments changed', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/trpc/live.analyticsChanges`, {
      headers: { cookie: managerCookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const pulses: Array<{ at: number; data: unknown }> = [];
    let buffer = '';
    // Reads in the background so each pulse is stamped when it arrives.
    const reading = (async () => {
      for (;;) {
        const next = await reader.read().catch(() => ({ done: true, value: undefined }) as const);
        if (next.done) return;
        buffer += next.value;
        const parts = buffer.split('\n\n');
        buffer = parts.pop()!;
        for (const part of parts) {
          // Pulses are plain messages; connection and keep-alive frames name their event.
          const data = part.split('\n').find((line) => line.startsWith('data: '));
          if (data && !part.split('\n').some((line) => line.startsWith('event: '))) pulses.push({ at: Date.now(), data: JSON.parse(data.slice(6)) });
        }
      }
    })();
    // Earlier tests' changes are all reported within one pulse interval; only then begin.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const start = Date.now();
    const payment = await makePayment(database.db, { status: 'PENDING' });
    // One transaction per change, as ingestion commits them.
    for (let i = 0; i < 30; i++) {
      await notifyPaymentChange(database.db, { paymentId: payment.id, provider: 'kasha', direction: 'payin', status: 'PENDING', kind: 'event' });
    }
    const ours = () => pulses.filter((pulse) => pulse.at >= start);
    const total = () => ours().reduce((sum, pulse) => sum + (pulse.data as { changes: number }).changes, 0);
    const deadline = Date.now() + 10_000;
    while (total() < 30 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await reading;

    expect(total()).toBe(30);
    // The first change at once (or with the interval's wait), the rest of the burst together.
    expect(ours().length).toBeGreaterThanOrEqual(1);
    expect(ours().length).toBeLessThanOrEqual(2);
    for (const pulse of ours()) expect(Object.keys(pulse.data as object)).toEqual(['changes']);
  });

  it('are refused to a visitor who is not signed in', async () => {
    const response = await fetch(`${server.url}/api/trpc/live.paymentChanges`, { headers: { accept: 'text/event-stream' } });
    const text = await response.text();
    expect(text).toContain('UNAUTHORIZED');
  });
});
