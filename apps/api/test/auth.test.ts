import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { sessionPolicy } from '../src/auth/session-policy.ts';
import { signInRefusedMessage } from '../src/auth/sign-in.ts';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const clock = manualClock(new Date('2026-11-21T09:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database, clock });
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

async function auditActions(targetId: string) {
  const rows = await database.db.selectFrom('audit_log').select(['action', 'outcome']).where('target_id', '=', targetId).orderBy('id').execute();
  return rows.map((row) => `${row.action}:${row.outcome}`);
}

describe('signing in', () => {
  it('opens a server-side session in an HttpOnly, SameSite cookie and says who is signed in', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(server.url);
    const result = await browser.mutate('auth.signIn', { email: user.email.toUpperCase(), password: testPassword });
    expect(result.status).toBe(200);
    expect(result.data.user).toMatchObject({ id: user.id, role: 'support' });
    expect(browser.lastSetCookie).toMatch(/^paydesk_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const me = await browser.query('auth.me');
    expect(me.data.user.email).toBe(user.email);
    expect(await auditActions(user.id)).toEqual(['auth.sign_in:success']);
  });

  it('gives the same answer for a wrong password and for an unknown email', async () => {
    const user = await makeStaffUser(database.db, 'finance');
    const wrongPassword = await new TestBrowser(server.url).mutate('auth.signIn', { email: user.email, password: 'not the password' });
    const unknownEmail = await new TestBrowser(server.url).mutate('auth.signIn', { email: 'nobody@paydesk.test', password: 'whatever' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.error?.message).toBe(signInRefusedMessage);
    expect(unknownEmail.error?.message).toBe(signInRefusedMessage);
  });

  it('names the bad field when the form is incomplete', async () => {
    const result = await new TestBrowser(server.url).mutate('auth.signIn', { email: 'not-an-email', password: '' });
    expect(result.status).toBe(400);
    expect(result.error?.message).toContain('Enter an email address');
    expect(result.error?.message).toContain('Enter your password');
  });

  it('locks the account for 30 minutes after 10 failures in a row, even for the right password', async () => {
    const user = await makeStaffUser(database.db, 'finance');
    const browser = new TestBrowser(server.url);
    for (let i = 0; i < sessionPolicy.maxFailedAttempts; i++) {
      expect((await browser.mutate('auth.signIn', { email: user.email, password: `wrong ${i}` })).status).toBe(401);
    }
    const whileLocked = await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    expect(whileLocked.status).toBe(401);
    expect(whileLocked.error?.message).toBe(signInRefusedMessage);
    expect(await auditActions(user.id)).toContain('auth.lockout:success');

    clock.advance(sessionPolicy.lockoutMs + 1000);
    expect((await browser.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
  });

  it('rotates the session id at sign-in, so a cookie planted before is worthless', async () => {
    const user = await makeStaffUser(database.db, 'manager');
    const browser = new TestBrowser(server.url);
    await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    const first = browser.lastSetCookie;
    await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    expect(browser.lastSetCookie).not.toBe(first);
    const replayed = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: first!.split(';')[0]! } });
    expect(((await replayed.json()) as any).result.data).toBeNull();
  });
});

describe('sessions', () => {
  it('end after 15 minutes without activity', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(server.url);
    await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    clock.advance(14 * 60_000);
    expect((await browser.query('auth.me')).data).not.toBeNull();
    clock.advance(sessionPolicy.idleTimeoutMs + 1000);
    expect((await browser.query('auth.me')).data).toBeNull();
    expect((await browser.query('users.preferences')).status).toBe(401);
  });

  it('end after 12 hours however active the user is', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(server.url);
    await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    for (let minutes = 0; minutes < 12 * 60 - 10; minutes += 10) {
      clock.advance(10 * 60_000);
      expect((await browser.query('auth.me')).data).not.toBeNull();
    }
    clock.advance(11 * 60_000);
    expect((await browser.query('auth.me')).data).toBeNull();
  });

  it('end at sign-out', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(server.url);
    await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
    const cookie = browser.lastSetCookie!.split(';')[0]!;
    await browser.mutate('auth.signOut');
    const reused = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie } });
    expect(((await reused.json()) as any).result.data).toBeNull();
    expect(await auditActions(user.id)).toEqual(['auth.sign_in:success']);
    const signOut = await database.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'auth.sign_out').execute();
    expect(signOut.map((row) => row.actor_id)).toContain(user.id);
  });

  it('of a user end at once when an admin disables the account', async () => {
    const admin = await makeStaffUser(database.db, 'admin');
    const agent = await makeStaffUser(database.db, 'support');
    const adminBrowser = new TestBrowser(server.url);
    const agentBrowser = new TestBrowser(server.url);
    await adminBrowser.mutate('auth.signIn', { email: admin.email, password: testPassword });
    await agentBrowser.mutate('auth.signIn', { email: agent.email, password: testPassword });
    const result = await adminBrowser.mutate('users.update', { id: agent.id, isDisabled: true });
    expect(result.data.endedSessions).toBe(1);
    expect((await agentBrowser.query('auth.me')).data).toBeNull();
    const agentAgain = await agentBrowser.mutate('auth.signIn', { email: agent.email, password: testPassword });
    expect(agentAgain.status).toBe(401);
    const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'users.update').where('target_id', '=', agent.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: admin.id, actor_role: 'admin', outcome: 'success', before: { isDisabled: false }, after: { isDisabled: true } });
    expect(audit.ip).toBe('127.0.0.1');
    expect(audit.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('abuse limits', () => {
  it('make one address wait after 30 failed sign-ins, whichever emails it tried', async () => {
    const browser = new TestBrowser(server.url);
    // Start with a clean window: earlier tests failed sign-ins from this address too.
    clock.advance(sessionPolicy.ipWindowMs + 1000);
    for (let i = 0; i < sessionPolicy.maxFailuresPerIp; i++) {
      const attempt = await browser.mutate('auth.signIn', { email: `guess${i}@paydesk.test`, password: 'guess' });
      expect(attempt.status).toBe(401);
    }
    const limited = await browser.mutate('auth.signIn', { email: 'guess@paydesk.test', password: 'guess' });
    expect(limited.status).toBe(429);
    clock.advance(sessionPolicy.ipWindowMs + 1000);
    expect((await browser.mutate('auth.signIn', { email: 'guess@paydesk.test', password: 'guess' })).status).toBe(401);
  });
});
