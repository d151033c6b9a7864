import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * API instances cache the sessions they resolve and LISTEN here for the ones that stop being
 * valid. The payload is a session id, or `user:<user id>` for every session of that user
 * (session ids are base64url, so they never contain the colon).
 */
export const sessionChangesChannel = 'paydesk_session_changes';

/**
 * A pg_notify of a session change, to put in the RETURNING list of the statement that makes
 * the change: it is queued by that very statement, so it is delivered if and only if the
 * change commits, whether or not the caller opened a transaction. Identical payloads within
 * one transaction are delivered once, so a row-wise `user:` notice costs one message.
 */
export function sessionChangeNotice(payload: RawBuilder<string> | string): RawBuilder<unknown> {
  return sql`pg_notify(${sessionChangesChannel}, ${payload})`;
}

export interface ActiveSession {
  sessionId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string };
}

export async function insertStaffSession(
  db: Db,
  session: { id: string; userId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/**
 * The session and its user, when the session is neither revoked nor past its absolute
 * lifetime nor idle for longer than `idleSince` allows, and the user is not disabled.
 */
export async function findActiveSession(
  db: Db,
  sessionId: string,
  options: { now: Date; idleSince: Date },
): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.email', 'u.name', 'u.role'])
    .where('s.id', '=', sessionId)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', options.now)
    .where('s.last_seen_at', '>', options.idleSince)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.id,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
  };
}

export async function touchStaffSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

/** Ends one session (sign-out, a new sign-in); API instances that cached it hear of it. */
export async function revokeStaffSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .returning(sessionChangeNotice(sql<string>`id`).as('notified'))
    .execute();
}

/** Ends every session of a user at once (disabled account, changed role), on every API instance. */
export async function revokeStaffSessionsOfUser(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable('staff_sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning(sessionChangeNotice(sql<string>`'user:' || user_id::text`).as('notified'))
    .execute();
  return rows.length;
}
