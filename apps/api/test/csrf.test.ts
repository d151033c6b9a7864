import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
  const admin = await makeStaffUser(database.db, 'admin');
  const browser = new TestBrowser(server.url);
  await browser.mutate('auth.signIn', { email: admin.email, password: testPassword });
  adminCookie = browser.lastSetCookie!.split(';')[0]!;
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

const newUser = { email: 'forged@paydesk.test', name: 'Forged', role: 'admin', password: 'a long enough password' };

async function userCount(): Promise<number> {
  const row = await database.db.selectFrom('staff_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function post(body: string | FormData, headers: Record<string, string>) {
  return fetch(`${server.url}/api/trpc/users.create`, { method: 'POST', body, headers: { cookie: adminCookie, ...headers } });
}

describe('a forged request to change something', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, JSON.stringify(newUser)],
    ['urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(newUser).toString()],
    ['no content type', {}, JSON.stringify(newUser)],
  ] as const)('sent as %s is refused and changes nothing', async (_kind, headers, body) => {
    const before = await userCount();
    const response = await post(body, headers);
    expect(response.status).toBe(415);
    expect(await userCount()).toBe(before);
  });

  it('sent as multipart form data is refused and changes nothing', async () => {
    const before = await userCount();
    const form = new FormData();
    for (const [key, value] of Object.entries(newUser)) form.append(key, value);
    const response = await post(form, {});
    expect(response.status).toBe(415);
    expect(await userCount()).toBe(before);
  });

  it('from a foreign origin is refused and changes nothing', async () => {
    const before = await userCount();
    const response = await post(JSON.stringify(newUser), { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('that the browser marks cross-site is refused and changes nothing', async () => {
    const before = await userCount();
    const response = await post(JSON.stringify(newUser), { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('is accepted when it is JSON from our own origin (the control case)', async () => {
    const before = await userCount();
    const response = await post(JSON.stringify(newUser), { 'content-type': 'application/json', origin: server.url, 'sec-fetch-site': 'same-origin' });
    expect(response.status).toBe(200);
    expect(await userCount()).toBe(before + 1);
  });
});

describe('responses', () => {
  it('carry security headers and are never cached', async () => {
    const response = await fetch(`${server.url}/api/trpc/auth.me`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
