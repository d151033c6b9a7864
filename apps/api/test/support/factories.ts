import { insertStaffUser } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { Role } from '@paydesk/domain';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { SessionUser } from '../../src/context.ts';

let counter = 0;
export const testPassword = 'correct horse battery staple';

/** A staff account with a known password; each call makes a new one. */
export async function makeStaffUser(db: Kysely<Database>, role: Role, overrides: { email?: string } = {}): Promise<SessionUser> {
  counter += 1;
  const email = overrides.email ?? `${role}${counter}-${Date.now()}@paydesk.test`;
  const user = await insertStaffUser(db, { email, name: `Test ${role} ${counter}`, role, passwordHash: await hashPassword(testPassword) });
  return { id: user.id, email: user.email, name: user.name, role };
}
