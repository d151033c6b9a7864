import { randomUUID } from 'node:crypto';
import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

// Queries by GET are answered without tRPC's Fetch-based adapter (trpc-query-answers.ts).
// The same requests sent to a server that leaves everything to the adapter must get the
// same status, the same headers that matter and the same JSON, byte for byte.
let database: TestDatabase;
let direct: Awaited<ReturnType<typeof startTestServer>>;
let adapterOnly: Awaited<ReturnType<typeof startTestServer>>;
let supportCookie: string;
let paymentId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = manualClock(new Date('2026-11-20T10:00:00Z'));
  direct = await startTestServer({ database, clock });
  adapterOnly = await startTestServer({ database, clock, answersQueriesDirectly: false });
  for (let i = 0; i < 5; i++) {
    const payment = await makePayment(database.db, { merchant_reference: `ORD-SAME-${i}`, customer_email: `same${i}@example.com` });
    paymentId ??= payment.id;
  }
  const user = await makeStaffUser(database.db, 'support');
  const browser = new TestBrowser(direct.url);
  await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  supportCookie = browser.lastSetCookie!.split(';')[0]!;
});
afterAll(async () => {
  await direct?.close();
  await adapterOnly?.close();
  await database?.destroy();
});

const q = (input: unknown) => encodeURIComponent(JSON.stringify(input));

async function send(base: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${base}/api/trpc/${path}`, { headers });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    vary: response.headers.get('vary'),
    cacheControl: response.headers.get('cache-control'),
    contentLength: response.headers.get('content-length'),
    transferEncoding: response.headers.get('transfer-encoding'),
    body: await response.text(),
  };
}

describe('queries answered directly', () => {
  const cases: Array<{ name: string; path: () => string; isSignedIn?: boolean; status: number; isDirect: boolean }> = [
    { name: 'a single query', path: () => `payments.search?input=${q({ q: 'ORD-SAME-1' })}`, status: 200, isDirect: true },
    { name: 'a batch, as the web app sends it', path: () => `payments.search,payments.count?batch=1&input=${q({ 0: { q: 'same' }, 1: { q: 'same' } })}`, status: 200, isDirect: true },
    { name: 'a batch with one failing call', path: () => `payments.detail,payments.detail?batch=1&input=${q({ 0: { id: paymentId }, 1: { id: randomUUID() } })}`, status: 207, isDirect: true },
    { name: 'a payment that does not exist', path: () => `payments.detail?batch=1&input=${q({ 0: { id: randomUUID() } })}`, status: 404, isDirect: true },
    { name: 'a bad field, named in the message', path: () => `payments.detail?batch=1&input=${q({ 0: { id: 'not-an-id' } })}`, status: 400, isDirect: true },
    { name: 'bad search syntax', path: () => `payments.search?batch=1&input=${q({ 0: { q: 'amount:>abc' } })}`, status: 400, isDirect: true },
    { name: 'a batch without its input', path: () => `payments.count?batch=1&input=${q({})}`, status: 400, isDirect: true },
    { name: 'no session', path: () => `payments.search?batch=1&input=${q({ 0: { q: 'x' } })}`, isSignedIn: false, status: 401, isDirect: true },
    { name: 'a capability the role lacks', path: () => `inbox.list?batch=1&input=${q({ 0: {} })}`, status: 403, isDirect: true },
    // Left to the adapter: it answers these itself.
    { name: 'a mutation sent by GET', path: () => `auth.signOut?batch=1&input=${q({})}`, status: 405, isDirect: false },
    { name: 'an unknown procedure', path: () => `payments.nothing?input=${q({})}`, status: 404, isDirect: false },
    { name: 'input that is not JSON', path: () => 'payments.search?input=%7Bnot-json', status: 400, isDirect: false },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.name} as tRPC's adapter does`, async () => {
      const headers: Record<string, string> = testCase.isSignedIn === false ? {} : { cookie: supportCookie };
      const path = testCase.path();
      const mine = await send(direct.url, path, headers);
      const reference = await send(adapterOnly.url, path, headers);
      expect(reference.status).toBe(testCase.status);
      expect(mine.status).toBe(reference.status);
      expect(mine.contentType).toBe(reference.contentType);
      expect(mine.vary).toBe(reference.vary);
      expect(mine.cacheControl).toBe('no-store');
      expect(JSON.parse(mine.body)).toEqual(JSON.parse(reference.body));
      expect(mine.body).toBe(reference.body);
      // The direct answer is one write with its length; the adapter streams it in chunks.
      expect(reference.transferEncoding).toBe('chunked');
      if (testCase.isDirect) expect(Number(mine.contentLength)).toBe(Buffer.byteLength(mine.body));
      else expect(mine.transferEncoding).toBe('chunked');
    });
  }

  it('leaves live subscriptions (event streams) to the adapter', async () => {
    const controller = new AbortController();
    const response = await fetch(`${direct.url}/api/trpc/live.paymentChanges?input=${q({})}`, {
      headers: { cookie: supportCookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });
});
