import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { can, ROLES, type Role } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import { createTestCaller } from '../src/testing.ts';
import type { Meta } from '../src/trpc.ts';
import { makeStaffUser } from './support/factories.ts';

let database: TestDatabase;
const users = new Map<Role, Awaited<ReturnType<typeof makeStaffUser>>>();

beforeAll(async () => {
  database = await createTestDatabase();
  for (const role of ROLES) users.set(role, await makeStaffUser(database.db, role));
});
afterAll(async () => database?.destroy());

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta; type: string } }>);

async function errorCodeOf(path: string, role: Role | null): Promise<string | null> {
  const caller = createTestCaller({ db: database.db }, { user: role ? users.get(role)! : null });
  let target: any = caller;
  for (const part of path.split('.')) target = target[part];
  try {
    await target(undefined);
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'UNEXPECTED';
  }
}

describe('every procedure', () => {
  it('declares who may call it', () => {
    expect(procedures.length).toBeGreaterThan(5);
    const undeclared = procedures.filter(([, procedure]) => !procedure._def.meta?.access).map(([path]) => path);
    expect(undeclared).toEqual([]);
  });

  for (const [path, procedure] of procedures) {
    const access = procedure._def.meta?.access;
    it(`${path} lets exactly the roles its access rule names through`, async () => {
      if (!access) throw new Error(`${path} has no access rule`);
      const anonymous = await errorCodeOf(path, null);
      if ('public' in access) expect(anonymous).not.toBe('UNAUTHORIZED');
      else expect(anonymous).toBe('UNAUTHORIZED');
      for (const role of ROLES) {
        const code = await errorCodeOf(path, role);
        const isAllowed = 'public' in access || 'signedIn' in access || can(role, access.capability);
        if (isAllowed) expect(code, `${role} on ${path}`).not.toBe('FORBIDDEN');
        else expect(code, `${role} on ${path}`).toBe('FORBIDDEN');
      }
    });
  }
});
