import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCache, startSessionCache } from '../src/auth/session-cache.ts';
import { sessionPolicy } from '../src/auth/session-policy.ts';
import { sessionIdOf } from '../src/auth/tokens.ts';
import { manualClock } from '../src/clock.ts';
import type { SessionUser } from '../src/context.ts';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { fakeListeningDatabase, waitFor } from './support/fake-listen.ts';
import { TestBrowser } from './support/http-client.ts';

/** Monotonic time that only moves when told to: the cache's TTL clock in these tests. */
function manualMonotonic() {
  let at = 1_000;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

const start = new Date('2026-11-21T09:00:00Z');
const someone: SessionUser = { id: 'u-1', email: 'a@paydesk.test', name: 'A', role: 'support' };

function trustedCache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const monotonic = manualMonotonic();
  const cache = new SessionCache({ ...options, monotonicNow: monotonic.now });
  cache.trust();
  const put = (sessionId: string, user: SessionUser = someone, lastSeenAt = start) =>
    cache.store(sessionId, { user, lastSeenAt, expiresAt: new Date(start.getTime() + sessionPolicy.absoluteLifetimeMs) }, cache.beginRead());
  return { cache, monotonic, put };
}

describe('the session cache', () => {
  it('answers until the TTL runs out, then sends the caller to the database', () => {
    const { cache, monotonic, put } = trustedCache({ ttlMs: 30_000 });
    put('s1');
    expect(cache.lookup('s1', start)?.user).toEqual(someone);
    monotonic.advance(29_999);
    expect(cache.lookup('s1', start)).toBeDefined();
    monotonic.advance(1);
    expect(cache.lookup('s1', start)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never answers for a session idle too long or past its absolute lifetime', () => {
    const { cache, put } = trustedCache();
    put('idle');
    expect(cache.lookup('idle', new Date(start.getTime() + sessionPolicy.idleTimeoutMs - 1))).toBeDefined();
    expect(cache.lookup('idle', new Date(start.getTime() + sessionPolicy.idleTimeoutMs))).toBeUndefined();

    const lastSeen = new Date(start.getTime() + sessionPolicy.absoluteLifetimeMs - 60_000);
    put('old', someone, lastSeen);
    expect(cache.lookup('old', new Date(lastSeen.getTime() + 59_999))).toBeDefined();
    expect(cache.lookup('old', new Date(lastSeen.getTime() + 60_000))).toBeUndefined();
  });

  it('keeps a touched session alive past the idle limit of its first read', () => {
    const { cache, put } = trustedCache();
    put('s1');
    const touchedAt = new Date(start.getTime() + 10 * 60_000);
    cache.noteTouched('s1', touchedAt);
    expect(cache.lookup('s1', new Date(touchedAt.getTime() + sessionPolicy.idleTimeoutMs - 1))).toBeDefined();
  });

  it('evicts one session by id, or every session of a user', () => {
    const { cache, put } = trustedCache();
    const other = { ...someone, id: 'u-2' };
    put('a1');
    put('a2');
    put('b1', other);
    cache.applyNotice('a1');
    expect(cache.lookup('a1', start)).toBeUndefined();
    expect(cache.lookup('a2', start)).toBeDefined();
    cache.applyNotice('user:u-1');
    expect(cache.lookup('a2', start)).toBeUndefined();
    expect(cache.lookup('b1', start)).toBeDefined();
  });

  it('does not keep a database read that began before an eviction', () => {
    // The read may have seen the session just before its revocation committed and the
    // notice was applied; storing it afterwards would bring the revoked session back.
    const { cache } = trustedCache();
    const readAt = cache.beginRead();
    cache.applyNotice('user:someone-else');
    cache.store('s1', { user: someone, lastSeenAt: start, expiresAt: new Date(start.getTime() + 60 * 60_000) }, readAt);
    expect(cache.lookup('s1', start)).toBeUndefined();
  });

  it('is emptied and bypassed while not listening, and keeps nothing read meanwhile', () => {
    const { cache, put } = trustedCache();
    put('s1');
    cache.distrust();
    expect(cache.size).toBe(0);
    expect(cache.beginRead()).toBeUndefined();
    put('s2');
    expect(cache.lookup('s2', start)).toBeUndefined();
    // A read begun before listening again may have missed a notice: still not kept.
    const readAt = cache.beginRead();
    cache.trust();
    cache.store('s3', { user: someone, lastSeenAt: start, expiresAt: new Date(start.getTime() + 60 * 60_000) }, readAt);
    expect(cache.lookup('s3', start)).toBeUndefined();
    put('s4');
    expect(cache.lookup('s4', start)).toBeDefined();
  });

  it('holds a bounded number of sessions, dropping the least recently used', () => {
    const { cache, put } = trustedCache({ maxEntries: 2 });
    put('s1');
    put('s2');
    expect(cache.lookup('s1', start)).toBeDefined();
    put('s3');
    expect(cache.size).toBe(2);
    expect(cache.lookup('s2', start)).toBeUndefined();
    expect(cache.lookup('s1', start)).toBeDefined();
    expect(cache.lookup('s3', start)).toBeDefined();
  });
});

describe('listening for session changes', () => {
  it('clears the cache when the connection drops and trusts it again once listening anew', async () => {
    const database = fakeListeningDatabase();
    const service = await startSessionCache(database, { firstRetryMs: 10, maxRetryMs: 20 });
    const { cache } = service;
    const put = () => cache.store('s1', { user: someone, lastSeenAt: start, expiresAt: new Date(start.getTime() + 60 * 60_000) }, cache.beginRead());
    expect(cache.isTrusted).toBe(true);
    put();
    database.subscriptions[0]!.onPayload('user:u-1');
    expect(cache.lookup('s1', start)).toBeUndefined();
    put();

    // Two attempts to listen again fail before the third succeeds.
    database.failNextListens(2);
    database.subscriptions[0]!.onLost?.(new Error('terminating connection due to administrator command'));
    expect(cache.isTrusted).toBe(false);
    expect(cache.size).toBe(0);
    put();
    expect(cache.lookup('s1', start)).toBeUndefined();

    await waitFor(() => cache.isTrusted);
    expect(database.subscriptions).toHaveLength(2);
    put();
    expect(cache.lookup('s1', start)).toBeDefined();
    database.subscriptions[1]!.onPayload('s1');
    expect(cache.lookup('s1', start)).toBeUndefined();

    await service.close();
    expect(cache.isTrusted).toBe(false);
    expect(database.subscriptions[1]!.active).toBe(false);
  });
});

describe('cached sessions over HTTP', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clock = manualClock(start);
  const monotonic = manualMonotonic();

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ database, clock, sessionCache: { ttlMs: 30_000, monotonicNow: monotonic.now } });
  });
  afterAll(async () => {
    await server?.close();
    await database?.destroy();
  });

  async function signedIn(role: Parameters<typeof makeStaffUser>[1]) {
    const user = await makeStaffUser(database.db, role);
    const browser = new TestBrowser(server.url);
    expect((await browser.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
    const cookie = browser.lastSetCookie!.split(';')[0]!;
    return { user, browser, cookie, sessionId: sessionIdOf(cookie.slice(cookie.indexOf('=') + 1)) };
  }

  /** Revokes behind the API's back, as a statement without the notice would. */
  async function revokeWithoutNotice(sessionId: string) {
    await database.db.updateTable('staff_sessions').set({ revoked_at: clock.now() }).where('id', '=', sessionId).execute();
  }

  it('serves a session from the cache, and from the database again once the TTL has run out', async () => {
    const { browser, sessionId, user } = await signedIn('support');
    expect((await browser.query('auth.me')).data.user.id).toBe(user.id);
    expect(server.sessions.lookup(sessionId, clock.now())).toBeDefined();
    // A revocation that sends no notice is not seen while the entry is fresh: proof that the
    // second request did not ask the database...
    await revokeWithoutNotice(sessionId);
    expect((await browser.query('auth.me')).data.user.id).toBe(user.id);
    // ...and the TTL bounds how long such a miss can last.
    monotonic.advance(30_000);
    expect((await browser.query('auth.me')).data).toBeNull();
  });

  it('refuses the cookie at once after sign-out', async () => {
    const { browser, cookie, sessionId } = await signedIn('support');
    expect((await browser.query('users.preferences')).status).toBe(200);
    expect(server.sessions.lookup(sessionId, clock.now())).toBeDefined();
    expect((await browser.mutate('auth.signOut')).status).toBe(200);
    const reused = await fetch(`${server.url}/api/trpc/users.preferences`, { headers: { cookie } });
    expect(reused.status).toBe(401);
  });

  it('still ends a cached session after 15 idle minutes', async () => {
    const { browser, sessionId } = await signedIn('support');
    expect((await browser.query('auth.me')).data).not.toBeNull();
    expect(server.sessions.lookup(sessionId, clock.now())).toBeDefined();
    clock.advance(sessionPolicy.idleTimeoutMs + 1000);
    expect((await browser.query('auth.me')).data).toBeNull();
    expect((await browser.query('users.preferences')).status).toBe(401);
  });

  it('still ends a cached session 12 hours after sign-in, and writes last_seen_at once a minute at most', async () => {
    const { browser, sessionId } = await signedIn('support');
    const lastSeen = async () =>
      (await database.db.selectFrom('staff_sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at;
    const signedInAt = clock.now();

    clock.advance(30_000);
    expect((await browser.query('auth.me')).data).not.toBeNull();
    expect(await lastSeen()).toEqual(signedInAt);
    clock.advance(sessionPolicy.touchEveryMs);
    expect((await browser.query('auth.me')).data).not.toBeNull();
    expect(await lastSeen()).toEqual(clock.now());

    // Active all day on the cached entry, which the touches keep from going idle.
    for (let elapsed = 90_000; elapsed < sessionPolicy.absoluteLifetimeMs - 10 * 60_000; elapsed += 10 * 60_000) {
      clock.advance(10 * 60_000);
      expect((await browser.query('auth.me')).data).not.toBeNull();
    }
    expect(server.sessions.lookup(sessionId, clock.now())).toBeDefined();
    clock.set(new Date(signedInAt.getTime() + sessionPolicy.absoluteLifetimeMs));
    expect((await browser.query('auth.me')).data).toBeNull();
  });

  it('uses a new role at once: the session with the old one ends, the next sign-in has the new one', async () => {
    const admin = await signedIn('admin');
    const agent = await signedIn('support');
    expect((await agent.browser.query('auth.me')).data.user.role).toBe('support');
    expect((await agent.browser.query('users.list')).status).toBe(403);

    const changed = await admin.browser.mutate('users.update', { id: agent.user.id, role: 'admin' });
    expect(changed.data.endedSessions).toBe(1);
    expect((await agent.browser.query('users.list')).status).toBe(401);
    expect((await agent.browser.query('auth.me')).data).toBeNull();

    await agent.browser.mutate('auth.signIn', { email: agent.user.email, password: testPassword });
    expect((await agent.browser.query('auth.me')).data.user.role).toBe('admin');
    expect((await agent.browser.query('users.list')).status).toBe(200);
  });

  it('shows a renamed user under the new name at once, without ending the session', async () => {
    const admin = await signedIn('admin');
    const agent = await signedIn('support');
    expect((await agent.browser.query('auth.me')).data.user.name).toBe(agent.user.name);
    await admin.browser.mutate('users.update', { id: agent.user.id, name: 'Renamed Agent' });
    expect((await agent.browser.query('auth.me')).data.user.name).toBe('Renamed Agent');
  });
});
