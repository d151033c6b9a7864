import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { FinanceLimits, Role } from '@paydesk/domain';
import type { Logger } from 'pino';
import type { SessionCache } from './auth/session-cache.ts';
import type { Clock } from './clock.ts';
import type { ChangeFeed } from './live/change-feed.ts';

export interface AppConfig {
  businessTimeZone: string;
  /** Dual-control thresholds, the support refund limit and the payout SLA; the domain's defaults when absent. */
  finance?: FinanceLimits;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Sets or clears the session cookie of the current HTTP response. */
export interface SessionCookieJar {
  set(token: string, maxAgeSeconds: number): void;
  clear(): void;
}

/** Details a mutation adds to its audit row (the audit middleware writes the row). */
export interface AuditNote {
  action?: string;
  /** Who acted, when it is not (yet) the session's user: the account signing in. */
  actor?: { id: string; email: string; role: string };
  target?: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Set when the procedure wrote its own audit row inside its transaction. */
  isRecorded?: boolean;
}

/** What every procedure can use; built without HTTP in tests. */
export interface Context {
  db: Kysely<Database>;
  clock: Clock;
  config: AppConfig;
  log: Logger;
  changes: ChangeFeed;
  /**
   * This process's cache of resolved sessions, when it has one (HTTP servers do). Code that
   * revokes sessions evicts them here as soon as it commits: the notice other instances hear
   * may arrive after this instance's next request.
   */
  sessions?: SessionCache | undefined;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  user: SessionUser | null;
  sessionId: string | null;
  cookies: SessionCookieJar;
  audit: AuditNote;
  /** Wakes the inbox worker after an admin requeues a delivery. */
  onInboxRequeued?: (() => void) | undefined;
}

export type ContextServices = Pick<Context, 'db' | 'clock' | 'config' | 'log' | 'changes' | 'sessions'>;

export interface RequestFacts {
  requestId: string;
  ip: string | null;
  userAgent?: string | null;
  user?: SessionUser | null;
  sessionId?: string | null;
  cookies?: SessionCookieJar;
  onInboxRequeued?: (() => void) | undefined;
}

const noCookies: SessionCookieJar = { set: () => undefined, clear: () => undefined };

export function createInnerContext(services: ContextServices, request: RequestFacts): Context {
  return {
    ...services,
    requestId: request.requestId,
    ip: request.ip,
    userAgent: request.userAgent ?? null,
    user: request.user ?? null,
    sessionId: request.sessionId ?? null,
    cookies: request.cookies ?? noCookies,
    audit: {},
    onInboxRequeued: request.onInboxRequeued,
  };
}
