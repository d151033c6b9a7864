import {
  findStaffUserByEmail,
  insertStaffUser,
  listStaffUsers,
  lockStaffUser,
  revokeStaffSessionsOfUser,
  updateStaffPreferences,
  updateStaffUser,
} from '@paydesk/db';
import { roleSchema } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import { procedureWith, router, signedInProcedure } from '../trpc.ts';

const passwordSchema = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(256, 'Password must be at most 256 characters');

export const usersRouter = router({
  list: procedureWith('users.manage').query(async ({ ctx }) => {
    const users = await listStaffUsers(ctx.db);
    const now = ctx.clock.now();
    return users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      isDisabled: user.disabled_at !== null,
      isLocked: user.locked_until !== null && user.locked_until > now,
      createdAt: user.created_at,
    }));
  }),

  create: procedureWith('users.manage')
    .input(
      z.object({
        email: z.string().trim().email('Email is not a valid address'),
        name: z.string().trim().min(1, 'Name is required').max(200),
        role: roleSchema,
        password: passwordSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (await findStaffUserByEmail(ctx.db, input.email)) {
        throw new TRPCError({ code: 'CONFLICT', message: `Email ${input.email} already has an account` });
      }
      const user = await insertStaffUser(ctx.db, { ...input, passwordHash: await hashPassword(input.password) });
      ctx.audit.action = 'users.create';
      ctx.audit.target = { type: 'staff_user', id: user.id };
      ctx.audit.after = { email: user.email, name: user.name, role: user.role };
      return { id: user.id };
    }),

  /** Changes role, name or enabled state; disabling or a new role ends the user's sessions at once. */
  update: procedureWith('users.manage')
    .input(
      z.object({
        id: z.string().uuid(),
        role: roleSchema.optional(),
        name: z.string().trim().min(1).max(200).optional(),
        isDisabled: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.action = 'users.update';
      ctx.audit.target = { type: 'staff_user', id: input.id };
      if (input.id === ctx.user.id && (input.isDisabled || (input.role && input.role !== ctx.user.role))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot disable your own account or change your own role.' });
      }
      const now = ctx.clock.now();
      const result = await ctx.db.transaction().execute(async (trx) => {
        const before = await lockStaffUser(trx, input.id);
        if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });
        const after = await updateStaffUser(trx, input.id, {
          ...(input.role ? { role: input.role } : {}),
          ...(input.name ? { name: input.name } : {}),
          ...(input.isDisabled === undefined ? {} : { disabled_at: input.isDisabled ? (before.disabled_at ?? now) : null }),
        });
        const mustSignOut = after.role !== before.role || (after.disabled_at !== null && before.disabled_at === null);
        const endedSessions = mustSignOut ? await revokeStaffSessionsOfUser(trx, input.id, now) : 0;
        ctx.audit.before = { role: before.role, name: before.name, isDisabled: before.disabled_at !== null };
        ctx.audit.after = { role: after.role, name: after.name, isDisabled: after.disabled_at !== null };
        ctx.audit.details = { endedSessions };
        return { id: after.id, endedSessions };
      });
      // Committed: this instance drops the user's cached sessions (role and name included)
      // now; other instances do when the notice queued by the update reaches them.
      ctx.sessions?.forgetUser(input.id);
      return result;
    }),

  /** Screen preferences (theme, columns, density) follow the user from browser to browser. */
  preferences: signedInProcedure.query(async ({ ctx }) => {
    const row = await ctx.db.selectFrom('staff_users').select('preferences').where('id', '=', ctx.user.id).executeTakeFirst();
    return row?.preferences ?? {};
  }),

  setPreferences: signedInProcedure
    .input(z.record(z.string().max(100), z.unknown()).refine((p) => JSON.stringify(p).length < 20_000, 'Preferences are too large'))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.action = 'users.set_preferences';
      ctx.audit.target = { type: 'staff_user', id: ctx.user.id };
      await updateStaffPreferences(ctx.db, ctx.user.id, input);
      return { ok: true };
    }),
});
