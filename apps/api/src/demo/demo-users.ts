import { findStaffUserByEmail, insertStaffUser } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { Role } from '@paydesk/domain';
import { hashPassword } from '../auth/passwords.ts';

/** Demo mode only: one account per role (two for finance, for dual control). Listed in the README. */
export const demoPassword = 'paydesk-demo-2026';

export const demoUsers: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'support@paydesk.test', name: 'Sam Support', role: 'support' },
  { email: 'finance@paydesk.test', name: 'Fran Finance', role: 'finance' },
  { email: 'finance2@paydesk.test', name: 'Felix Finance', role: 'finance' },
  { email: 'manager@paydesk.test', name: 'Morgan Manager', role: 'manager' },
  { email: 'admin@paydesk.test', name: 'Alex Admin', role: 'admin' },
];

/** Creates the demo accounts that do not exist yet; returns the ones created. */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hashPassword(demoPassword);
  for (const user of demoUsers) {
    if (await findStaffUserByEmail(db, user.email)) continue;
    await insertStaffUser(db, { ...user, passwordHash });
    created.push(user.email);
  }
  return created;
}
