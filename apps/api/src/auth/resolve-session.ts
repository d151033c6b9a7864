import { findActiveSession, touchStaffSession } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { Role } from '@paydesk/domain';
import type { SessionUser } from '../context.ts';
import { sessionPolicy } from './session-policy.ts';
import { sessionIdOf } from './tokens.ts';

/** The signed-in user behind a cookie token, or null; keeps an active session alive. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string | undefined,
  now: Date,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  if (!token) return null;
  const sessionId = sessionIdOf(token);
  const session = await findActiveSession(db, sessionId, {
    now,
    idleSince: new Date(now.getTime() - sessionPolicy.idleTimeoutMs),
  });
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= sessionPolicy.touchEveryMs) {
    await touchStaffSession(db, sessionId, now);
  }
  return { sessionId, user: { ...session.user, role: session.user.role as Role } };
}
