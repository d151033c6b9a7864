import { revokeStaffSession } from '@paydesk/db';
import { ROLE_CAPABILITIES } from '@paydesk/domain';
import { z } from 'zod';
import { sessionPolicy } from '../auth/session-policy.ts';
import { signIn } from '../auth/sign-in.ts';
import { publicProcedure, router, signedInProcedure } from '../trpc.ts';

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: z.string().trim().email('Enter an email address'), password: z.string().min(1, 'Enter your password').max(1024) }))
    .mutation(async ({ ctx, input }) => {
      const user = await signIn(ctx, input.email, input.password);
      return { user, capabilities: ROLE_CAPABILITIES[user.role] };
    }),

  signOut: signedInProcedure.mutation(async ({ ctx }) => {
    ctx.audit.action = 'auth.sign_out';
    if (ctx.sessionId) {
      await revokeStaffSession(ctx.db, ctx.sessionId, ctx.clock.now());
      // Committed: refuse the cookie here at once, before this instance hears the notice.
      ctx.sessions?.forget(ctx.sessionId);
    }
    ctx.cookies.clear();
    return { ok: true };
  }),

  /** Who is signed in; null when nobody is (the UI then shows the sign-in page). */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.user) return null;
    return {
      user: ctx.user,
      capabilities: ROLE_CAPABILITIES[ctx.user.role],
      idleTimeoutMs: sessionPolicy.idleTimeoutMs,
      businessTimeZone: ctx.config.businessTimeZone,
    };
  }),
});
