import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, StaffUsersTable } from '../schema/index.ts';
import { sessionChangeNotice } from './staff-sessions.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type StaffUserRow = Selectable<StaffUsersTable>;

/** What the rest of the app may know of a staff user: never the password hash. */
export type StaffUserSummary = Pick<
  StaffUserRow,
  'id' | 'email' | 'name' | 'role' | 'disabled_at' | 'locked_until' | 'failed_attempts' | 'created_at' | 'preferences'
>;

const summaryColumns = [
  'id',
  'email',
  'name',
  'role',
  'disabled_at',
  'locked_until',
  'failed_attempts',
  'created_at',
  'preferences',
] as const;

export async function findStaffUserByEmail(db: Db, email: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findStaffUserById(db: Db, id: string): Promise<StaffUserSummary | undefined> {
  return db.selectFrom('staff_users').select(summaryColumns).where('id', '=', id).executeTakeFirst();
}

export async function listStaffUsers(db: Db): Promise<StaffUserSummary[]> {
  return db.selectFrom('staff_users').select(summaryColumns).orderBy('email').execute();
}

export async function insertStaffUser(
  db: Db,
  user: { email: string; name: string; role: string; passwordHash: string },
): Promise<StaffUserSummary> {
  return db
    .insertInto('staff_users')
    .values({ email: user.email.trim().toLowerCase(), name: user.name, role: user.role, password_hash: user.passwordHash })
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
}

/** Locks the row so that two admins editing one user apply their changes one after the other. */
export async function lockStaffUser(trx: Transaction<Database>, id: string): Promise<StaffUserSummary | undefined> {
  return trx.selectFrom('staff_users').select(summaryColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Changes an account. API instances cache each session's user (role included), so the same
 * statement tells them to drop that user's sessions and read them afresh.
 */
export async function updateStaffUser(
  db: Db,
  id: string,
  changes: Partial<{ role: string; name: string; disabled_at: Date | null; password_hash: string }>,
): Promise<StaffUserSummary> {
  const { notified: _notified, ...user } = await db
    .updateTable('staff_users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returning([...summaryColumns, sessionChangeNotice(sql<string>`'user:' || id::text`).as('notified')])
    .executeTakeFirstOrThrow();
  return user;
}

/**
 * Counts a failed password for the account and locks it once `maxAttempts` failures in a
 * row are reached. Done in one statement so concurrent attempts cannot lose a count.
 */
export async function recordFailedSignIn(
  db: Db,
  id: string,
  options: { now: Date; maxAttempts: number; lockUntil: Date },
): Promise<{ failed_attempts: number; locked_until: Date | null }> {
  return db
    .updateTable('staff_users')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      locked_until: eb
        .case()
        .when('failed_attempts', '>=', options.maxAttempts - 1)
        .then(options.lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', id)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function recordSuccessfulSignIn(db: Db, id: string): Promise<void> {
  await db.updateTable('staff_users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function updateStaffPreferences(db: Db, id: string, preferences: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('staff_users')
    .set((eb) => ({ preferences: eb('preferences', '||', JSON.stringify(preferences) as never) }))
    .where('id', '=', id)
    .execute();
}
