import { makePayment, createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { notifyPaymentChange } from '@paydesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
  const user = await makeStaffUser(database.db, 'support');
  const browser = new TestBrowser(server.url);
  await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  cookie = browser.lastSetCookie!.split(';')[0]!;
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

  it('are refused to a visitor who is not signed in', async () => {
    const response = await fetch(`${server.url}/api/trpc/live.paymentChanges`, { headers: { accept: 'text/event-stream' } });
    const text = await response.text();
    expect(text).toContain('UNAUTHORIZED');
  });
});
