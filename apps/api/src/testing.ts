import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database, PaydeskDatabase } from '@paydesk/db';
import type { FinanceLimits } from '@paydesk/domain';
import { startSessionCache, type SessionCache, type SessionCacheOptions } from './auth/session-cache.ts';
import { systemClock, type Clock } from './clock.ts';
import { createInnerContext, type ContextServices, type RequestFacts } from './context.ts';
import { appRouter } from './router.ts';
import { buildServer } from './server.ts';
import { createCallerFactory } from './trpc.ts';
import { startChangeFeed, streamOf, type ChangeFeed } from './live/change-feed.ts';

export interface TestServices {
  db: Kysely<Database>;
  clock?: Clock;
  businessTimeZone?: string;
  changes?: ChangeFeed;
  /** Finance limits other than the domain's defaults. */
  finance?: FinanceLimits;
}

/** A feed that never reports a change, for tests that do not watch live updates. */
const silentFeed: ChangeFeed = {
  stream: (signal) => streamOf(new EventEmitter(), 'change', signal),
  pulses: (signal) => streamOf(new EventEmitter(), 'pulse', signal),
  close: async () => undefined,
};

function servicesFor(options: TestServices): ContextServices {
  return {
    db: options.db,
    changes: options.changes ?? silentFeed,
    clock: options.clock ?? systemClock,
    config: { businessTimeZone: options.businessTimeZone ?? 'Europe/Madrid', ...(options.finance ? { finance: options.finance } : {}) },
    // An unexpected error in a test should be visible, routine request logs should not.
    log: pino({ level: 'error' }),
  };
}

/** The whole HTTP app on a free loopback port, as `pnpm start` serves it. */
export async function startTestServer(
  options: Omit<TestServices, 'db' | 'changes'> & { database: PaydeskDatabase; webDistDir?: string; sessionCache?: SessionCacheOptions; answersQueriesDirectly?: boolean },
): Promise<{ url: string; sessions: SessionCache; close(): Promise<void> }> {
  const changes = await startChangeFeed(options.database);
  // Sessions are cached as in `pnpm start`, so every HTTP test also runs through the cache.
  const sessions = await startSessionCache(options.database, options.sessionCache);
  const services = { ...servicesFor({ ...options, db: options.database.db, changes }), sessions: sessions.cache };
  const app = buildServer({ ...services, webDistDir: options.webDistDir, answersQueriesDirectly: options.answersQueriesDirectly });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessions: sessions.cache,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }).finally(() => Promise.all([changes.close(), sessions.close()])),
  };
}

/** A logger that drops everything, for runtimes started by tests outside this package. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Calls procedures directly, without HTTP, with a context a test controls. */
export function createTestCaller(options: TestServices, request: Partial<RequestFacts> = {}) {
  const context = createInnerContext(servicesFor(options), {
    requestId: 'test-request',
    ip: '127.0.0.1',
    ...request,
  });
  return createCallerFactory(appRouter)(context);
}

export { demoPassword, demoUsers, ensureDemoUsers } from './demo/demo-users.ts';
export { manualClock } from './clock.ts';
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
