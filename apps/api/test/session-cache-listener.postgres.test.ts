import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdOf } from '../src/auth/tokens.ts';
import { manualClock } from '../src/clock.ts';
import { startRuntime, type Runtime } from '../src/runtime.ts';
import { silentLogger } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

// PostgreSQL only (vitest.config.ts runs *.postgres.test.ts when TEST_DATABASE_URL is set):
// PGlite lives inside the process, so there is no listening connection that could drop.
let database: TestDatabase;
let runtime: Runtime;
const clock = manualClock(new Date('2026-11-21T09:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  runtime = await startRuntime({
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
  await runtime?.stop();
  await database?.destroy();
});

async function sessionListeners(): Promise<number[]> {
  const result = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "paydesk_session_changes"'`.execute(database.db);
  return result.rows.map((row) => row.pid);
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const startedAt = performance.now();
  while (!(await condition())) {
    if (performance.now() - startedAt > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('losing the listening connection', () => {
  it('empties the cache, so a revocation missed meanwhile cannot leave a session alive', async () => {
    const user = await makeStaffUser(database.db, 'support');
    const browser = new TestBrowser(runtime.url);
    expect((await browser.mutate('auth.signIn', { email: user.email, password: testPassword })).status).toBe(200);
    const cookie = browser.lastSetCookie!.split(';')[0]!;
    const sessionId = sessionIdOf(cookie.slice(cookie.indexOf('=') + 1));
    expect((await browser.query('auth.me')).data.user.id).toBe(user.id);
    expect(runtime.sessions.lookup(sessionId, clock.now())).toBeDefined();

    const before = await sessionListeners();
    expect(before).toHaveLength(1);
    await sql`SELECT pg_terminate_backend(pid) FROM unnest(${before}::int[]) AS pid`.execute(database.db);
    await waitFor(async () => {
      const now = await sessionListeners();
      return now.length === 1 && !before.includes(now[0]!) && runtime.sessions.isTrusted;
    });

    // Revoked with no notice, as if it had been sent while nobody listened.
    await database.db.updateTable('staff_sessions').set({ revoked_at: clock.now() }).where('id', '=', sessionId).execute();
    expect((await browser.query('auth.me')).data).toBeNull();
  });
});
