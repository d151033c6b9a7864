import { findActiveSession, touchStaffSession } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { Role } from '@paydesk/domain';
import type { SessionUser } from '../context.ts';
import type { SessionCache } from './session-cache.ts';
import { sessionPolicy } from './session-policy.ts';
import { sessionIdOf } from './tokens.ts';

/**
 * The signed-in user behind a cookie token, or null; keeps an active session alive. With a
 * cache, a session confirmed recently is taken from it (revocations evict it, see
 * session-cache.ts); the database is asked otherwise and stays the authority.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string | undefined,
  now: Date,
  cache?: SessionCache,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  if (!token) return null;
  const sessionId = sessionIdOf(token);
  const isTouchDue = (lastSeenAt: Date) => now.getTime() - lastSeenAt.getTime() >= sessionPolicy.touchEveryMs;

  const cached = cache?.lookup(sessionId, now);
  if (cache && cached) {
    if (isTouchDue(cached.lastSeenAt)) {
      // Noted before the write, so requests arriving meanwhile do not each write it again.
      cache.noteTouched(sessionId, now);
      try {
        await touchStaffSession(db, sessionId, now);
      } catch (error) {
        // The cached time is now ahead of the database's: let the next request read it afresh.
        cache.forget(sessionId);
        throw error;
      }
    }
    // A copy: whatever a request does with its user must not reach the next request.
    return { sessionId, user: { ...cached.user } };
  }

  const readAt = cache?.beginRead();
  const session = await findActiveSession(db, sessionId, {
    now,
    idleSince: new Date(now.getTime() - sessionPolicy.idleTimeoutMs),
  });
  if (!session) return null;
  let lastSeenAt = session.lastSeenAt;
  if (isTouchDue(lastSeenAt)) {
    await touchStaffSession(db, sessionId, now);
    lastSeenAt = now;
  }
  const user: SessionUser = { ...session.user, role: session.user.role as Role };
  cache?.store(sessionId, { user, lastSeenAt, expiresAt: session.expiresAt }, readAt);
  return { sessionId, user };
}
