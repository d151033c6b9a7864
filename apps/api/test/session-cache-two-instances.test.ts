import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_CACHE_TTL_MS } from '../src/auth/session-cache.ts';
import { sessionIdOf } from '../src/auth/tokens.ts';
import { manualClock } from '../src/clock.ts';
import { startRuntime, type Runtime } from '../src/runtime.ts';
import { silentLogger, startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

// Two API instances on one database, as behind a load balancer: A as the tests' server, B as
// `pnpm start` runs (startRuntime). A session B has cached must end on B as soon as A revokes it.
let database: TestDatabase;
let instanceA: Awaited<ReturnType<typeof startTestServer>>;
let instanceB: Runtime;
const clock = manualClock(new Date('2026-11-21T09:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  instanceA = await startTestServer({ database, clock });
  instanceB = await startRuntime({
    database,
    clock,
    config: { businessTimeZone: 'Europe/Madrid' },
    log: silentLogger(),
    host: '127.0.0.1',
    port: 0,
    providerSettings: {},
    workers: false,
  });
});
afterAll(async () => {
  await instanceB?.stop();
  await instanceA?.close();
  await database?.destroy();
});

/** The same browser session (one cookie) talking to either instance. */
async function signedInOnBoth(role: Parameters<typeof makeStaffUser>[1]) {
  const user = await makeStaffUser(database.db, role);
  const onA = new TestBrowser(instanceA.url);
  expect((await onA.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
  const cookie = onA.lastSetCookie!.split(';')[0]!;
  const sessionId = sessionIdOf(cookie.slice(cookie.indexOf('=') + 1));
  const meOnB = async () => {
    const response = await fetch(`${instanceB.url}/api/trpc/auth.me`, { headers: { cookie } });
    return ((await response.json()) as any).result.data as { user: { id: string; role: string; name: string } } | null;
  };
  expect((await meOnB())?.user.id).toBe(user.id);
  // The second request on B is answered from B's cache.
  expect((await meOnB())?.user.id).toBe(user.id);
  expect(instanceB.sessions.lookup(sessionId, clock.now())).toBeDefined();
  return { user, onA, cookie, sessionId, meOnB };
}

/**
 * Polls B until it refuses (at most 2 s, the brief's bound for a notice crossing two
 * connections) and returns how long that took: well under the cache's TTL, so the notice
 * did it, not the entry growing old.
 */
async function msUntil(condition: () => Promise<boolean>): Promise<number> {
  const startedAt = performance.now();
  while (!(await condition())) {
    if (performance.now() - startedAt > 2_000) throw new Error('instance B still accepts the session after 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - startedAt;
}

async function signedInAdminOnA() {
  const admin = await makeStaffUser(database.db, 'admin');
  const browser = new TestBrowser(instanceA.url);
  await browser.mutate('auth.signIn', { email: admin.email, password: testPassword });
  return browser;
}

describe('a session cached by one instance', () => {
  it('ends there at once when the user signs out on the other', async () => {
    const { onA, meOnB } = await signedInOnBoth('support');
    expect((await onA.mutate('auth.signOut')).status).toBe(200);
    expect(await msUntil(async () => (await meOnB()) === null)).toBeLessThan(DEFAULT_SESSION_CACHE_TTL_MS / 10);
  });

  it('ends there at once when an admin on the other disables the account', async () => {
    const admin = await signedInAdminOnA();
    const { user, meOnB } = await signedInOnBoth('support');
    const result = await admin.mutate('users.update', { id: user.id, isDisabled: true });
    expect(result.data.endedSessions).toBe(1);
    expect(await msUntil(async () => (await meOnB()) === null)).toBeLessThan(DEFAULT_SESSION_CACHE_TTL_MS / 10);
  });

  it('is not used with its old role after an admin on the other changes the role', async () => {
    const admin = await signedInAdminOnA();
    const { user, cookie, meOnB } = await signedInOnBoth('finance');
    await admin.mutate('users.update', { id: user.id, role: 'support' });
    expect(await msUntil(async () => (await meOnB()) === null)).toBeLessThan(DEFAULT_SESSION_CACHE_TTL_MS / 10);
    const preferences = await fetch(`${instanceB.url}/api/trpc/users.preferences`, { headers: { cookie } });
    expect(preferences.status).toBe(401);

    const onB = new TestBrowser(instanceB.url);
    await onB.mutate('auth.signIn', { email: user.email, password: testPassword });
    expect((await onB.query('auth.me')).data.user.role).toBe('support');
  });

  it('shows the new name there when the other renames the user', async () => {
    const admin = await signedInAdminOnA();
    const { user, meOnB } = await signedInOnBoth('support');
    await admin.mutate('users.update', { id: user.id, name: 'Renamed on A' });
    expect(await msUntil(async () => (await meOnB())?.user.name === 'Renamed on A')).toBeLessThan(DEFAULT_SESSION_CACHE_TTL_MS / 10);
  });
});
