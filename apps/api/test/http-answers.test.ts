import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

// Answers far bigger than a socket's buffer must arrive whole: a page of 100 payments is
// tens of kilobytes, past the 16 KB at which a write asks the server to wait for 'drain'.
let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
  for (let i = 0; i < 120; i++) {
    await makePayment(database.db, { customer_name: `Maria ${'Fernanda '.repeat(6)}Silva ${i}`, merchant_reference: `ORD-LONG-${'X'.repeat(60)}-${i}` });
  }
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

describe('big answers over HTTP', () => {
  it('arrive whole for a page of 100 payments', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(server.url);
    expect((await browser.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
    const started = performance.now();
    const page = await browser.query('payments.search', { q: 'silva', limit: 100 });
    expect(page.status).toBe(200);
    expect(page.data.rows).toHaveLength(100);
    expect(JSON.stringify(page.data).length).toBeGreaterThan(64 * 1024);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
