import { sessionChangesChannel, type PaydeskDatabase } from '@paydesk/db';
import type { Logger } from 'pino';
import type { SessionUser } from '../context.ts';
import { listenResiliently } from '../live/resilient-listen.ts';
import { sessionPolicy } from './session-policy.ts';

/** A session as the database last confirmed it, kept so most requests need not ask again. */
export interface CachedSession {
  user: SessionUser;
  lastSeenAt: Date;
  expiresAt: Date;
  /** When the database confirmed it, in monotonic milliseconds (not the app's clock). */
  cachedAt: number;
}

export interface SessionCacheOptions {
  /**
   * How long an entry may be used before the database is asked again. A safety net for a
   * notice that never arrives, not the way revocations take effect: those are pushed.
   */
  ttlMs?: number;
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  /** Monotonic milliseconds for the TTL; tests replace it. */
  monotonicNow?: () => number;
}

export const DEFAULT_SESSION_CACHE_TTL_MS = 30_000;
export const DEFAULT_SESSION_CACHE_ENTRIES = 10_000;

/**
 * Resolved sessions of this API process. It is only trusted while this process listens for
 * session changes (see startSessionCache): a revocation committed while nobody listened
 * would never reach it, so losing the listener empties it and turns it off until listening
 * again.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly monotonicNow: () => number;
  private trusted = false;
  /**
   * Moves on every eviction and every change of trust. A database read that started before
   * a move may predate a revocation whose notice was applied meanwhile, so it is not stored.
   */
  private generation = 0;

  constructor(options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_SESSION_CACHE_ENTRIES;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached session when it may be used as it is at `now` (the app's clock): not past its
   * absolute lifetime, not idle too long, and read recently enough. Otherwise nothing, and
   * the caller asks the database, which stays the authority.
   */
  lookup(sessionId: string, now: Date): CachedSession | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    const isUsable =
      now.getTime() < entry.expiresAt.getTime() &&
      now.getTime() - entry.lastSeenAt.getTime() < sessionPolicy.idleTimeoutMs &&
      this.monotonicNow() - entry.cachedAt < this.ttlMs;
    this.entries.delete(sessionId);
    // Re-inserted last, so the Map's order is least recently used first.
    if (isUsable) this.entries.set(sessionId, entry);
    return isUsable ? entry : undefined;
  }

  /** Call before reading a session from the database; hand the result to `store`. */
  beginRead(): number | undefined {
    return this.trusted ? this.generation : undefined;
  }

  /** Keeps what the database said, unless something was evicted (or trust changed) since `beginRead`. */
  store(sessionId: string, session: Omit<CachedSession, 'cachedAt'>, readAt: number | undefined): void {
    if (!this.trusted || readAt !== this.generation) return;
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { ...session, user: { ...session.user }, cachedAt: this.monotonicNow() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** last_seen_at was (or is being) written for this session. */
  noteTouched(sessionId: string, at: Date): void {
    const entry = this.entries.get(sessionId);
    if (entry) entry.lastSeenAt = at;
  }

  forget(sessionId: string): void {
    this.generation += 1;
    this.entries.delete(sessionId);
  }

  /** Every session of the user: revoked, disabled, or a user whose role or name changed. */
  forgetUser(userId: string): void {
    this.generation += 1;
    for (const [sessionId, entry] of this.entries) {
      if (entry.user.id === userId) this.entries.delete(sessionId);
    }
  }

  /** A payload from the session changes channel: a session id or `user:<id>`. */
  applyNotice(payload: string): void {
    if (payload.startsWith('user:')) this.forgetUser(payload.slice('user:'.length));
    else this.forget(payload);
  }

  /** Listening (again): from now on every change will be heard. */
  trust(): void {
    this.generation += 1;
    this.trusted = true;
  }

  /** Not listening: changes may be missed, so nothing cached may be used. */
  distrust(): void {
    this.generation += 1;
    this.trusted = false;
    this.entries.clear();
  }
}

export interface SessionCacheService {
  cache: SessionCache;
  close(): Promise<void>;
}

export interface StartSessionCacheOptions extends SessionCacheOptions {
  log?: Logger | undefined;
  /** Wait before listening again after the connection is lost; doubles up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * A session cache kept honest by LISTEN on the session changes channel. Every statement that
 * revokes a session or changes its user queues a notice in its own transaction
 * (packages/db staff-sessions.ts), so every API instance evicts it once it commits. When the
 * listening connection drops, the cache is emptied and bypassed until a new LISTEN is in
 * place, retried with backoff (listenResiliently).
 */
export async function startSessionCache(
  database: Pick<PaydeskDatabase, 'listen'>,
  options: StartSessionCacheOptions = {},
): Promise<SessionCacheService> {
  const cache = new SessionCache(options);
  const listener = await listenResiliently(database, sessionChangesChannel, (payload) => cache.applyNotice(payload), {
    name: 'session changes',
    whileLost: 'sessions are read from the database until listening again',
    log: options.log,
    firstRetryMs: options.firstRetryMs,
    maxRetryMs: options.maxRetryMs,
    onListening: () => cache.trust(),
    onLost: () => cache.distrust(),
  });
  return {
    cache,
    async close() {
      cache.distrust();
      await listener.close();
    },
  };
}
