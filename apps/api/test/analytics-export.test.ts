import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { startTestServer } from '../src/testing.ts';
import { makeAnalyticsPayment } from './support/analytics.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database, clock: manualClock(new Date('2026-11-20T12:00:00Z')) });
  await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { amount_minor: 123456, currency: 'EUR' });
  await makeAnalyticsPayment(database.db, '2026-11-15T10:00:00Z', { amount_minor: 5, currency: 'KWD' });
  await makeAnalyticsPayment(database.db, '2026-11-16T10:00:00Z', { provider: 'kashimi', method: 'open_banking', bank_id: '=HYPERLINK("x")', status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS'] });
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

async function cookieFor(role: 'manager' | 'support'): Promise<string> {
  const user = await makeStaffUser(database.db, role);
  const browser = new TestBrowser(server.url);
  await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  return browser.lastSetCookie!.split(';')[0]!;
}

async function download(query: string, cookie?: string) {
  const response = await fetch(`${server.url}/api/analytics/export.csv?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), body: await response.text() };
}

describe('downloading a chart as CSV', () => {
  it('gives the headline figures with amounts as decimals beside their currency', async () => {
    const csv = await download('chart=summary&range=7d', await cookieFor('manager'));
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toBe('attachment; filename="paydesk-summary.csv"');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('period,from_day,to_day,metric,value,currency');
    expect(lines).toContain('current,2026-11-14,2026-11-20,started,3,');
    expect(lines).toContain('current,2026-11-14,2026-11-20,volume_completed,1234.56,EUR');
    expect(lines).toContain('current,2026-11-14,2026-11-20,volume_completed,0.005,KWD');
  });

  it('gives one row per bucket and line of the conversion chart, with cells that cannot run as formulas', async () => {
    const csv = await download('chart=conversion&range=7d&granularity=day&split=bank', await cookieFor('manager'));
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('bucket_start,from_day,to_day,split_by,split_value,label,started,completed,failed,conversion_rate');
    expect(lines).toHaveLength(1 + 2 * 7);
    expect(lines.find((line) => line.includes('HYPERLINK'))).toMatch(/^2026-11-13T23:00:00.000Z,2026-11-14,2026-11-14,bank,"'=HYPERLINK\(""x""\)"/);
  });

  it('lists every failure code with its meaning', async () => {
    const csv = await download('chart=failure-codes&range=7d', await cookieFor('manager'));
    expect(csv.body).toContain('kashimi,AMOUNT_EXCEEDS_AVAILABLE_FUNDS,The payer’s account did not have enough money.,insufficient_funds,1,1.000000,0,');
  });

  it('names a bad request in plain words', async () => {
    const cookie = await cookieFor('manager');
    expect((await download('chart=pie', cookie)).status).toBe(400);
    const bad = await download('chart=conversion&range=custom&from=2026-11-10', cookie);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('custom range needs both');
  });

  it('is refused to signed-out visitors and to roles without analytics', async () => {
    expect((await download('chart=summary')).status).toBe(401);
    expect((await download('chart=summary', await cookieFor('support'))).status).toBe(403);
  });
});
