import {
  appendAudit,
  countFailedSignInsFromIp,
  findStaffUserByEmail,
  insertStaffSession,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  revokeStaffSession,
} from '@paydesk/db';
import type { Role } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import type { Context, SessionUser } from '../context.ts';
import { verifyPassword } from './passwords.ts';
import { sessionPolicy } from './session-policy.ts';
import { newSessionToken, sessionIdOf } from './tokens.ts';

// One message for every refusal, so the answer never tells whether an email has an account.
export const signInRefusedMessage =
  'Email or password is incorrect, or the account is locked for a while after too many attempts.';

/** Checks the credentials and opens a new session (a new id, so a planted cookie is useless). */
export async function signIn(ctx: Context, email: string, password: string): Promise<SessionUser> {
  const now = ctx.clock.now();
  ctx.audit.action = 'auth.sign_in';
  ctx.audit.details = { email: email.trim().toLowerCase() };

  if (ctx.ip) {
    const recentFailures = await countFailedSignInsFromIp(ctx.db, ctx.ip, new Date(now.getTime() - sessionPolicy.ipWindowMs));
    if (recentFailures >= sessionPolicy.maxFailuresPerIp) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-ins from this address. Try again in 15 minutes.' });
    }
  }

  const user = await findStaffUserByEmail(ctx.db, email);
  const isPasswordRight = await verifyPassword(user?.password_hash, password);
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: signInRefusedMessage });

  const actor = { id: user.id, email: user.email, role: user.role };
  ctx.audit.actor = actor;
  ctx.audit.target = { type: 'staff_user', id: user.id };
  const isLocked = user.locked_until !== null && user.locked_until > now;
  if (user.disabled_at || isLocked || !isPasswordRight) {
    if (!isPasswordRight && !user.disabled_at && !isLocked) {
      const after = await recordFailedSignIn(ctx.db, user.id, {
        now,
        maxAttempts: sessionPolicy.maxFailedAttempts,
        lockUntil: new Date(now.getTime() + sessionPolicy.lockoutMs),
      });
      if (after.locked_until && after.failed_attempts === sessionPolicy.maxFailedAttempts) {
        await appendAudit(ctx.db, {
          actor,
          action: 'auth.lockout',
          target: { type: 'staff_user', id: user.id },
          outcome: 'success',
          details: { failedAttempts: after.failed_attempts, lockedUntil: after.locked_until },
          ip: ctx.ip,
          requestId: ctx.requestId,
          at: now,
        });
      }
    }
    ctx.audit.details = { email: user.email, reason: user.disabled_at ? 'disabled' : isLocked ? 'locked' : 'wrong password' };
    throw new TRPCError({ code: 'UNAUTHORIZED', message: signInRefusedMessage });
  }

  await recordSuccessfulSignIn(ctx.db, user.id);
  if (ctx.sessionId) {
    await revokeStaffSession(ctx.db, ctx.sessionId, now);
    ctx.sessions?.forget(ctx.sessionId);
  }
  const token = newSessionToken();
  await insertStaffSession(ctx.db, {
    id: sessionIdOf(token),
    userId: user.id,
    now,
    expiresAt: new Date(now.getTime() + sessionPolicy.absoluteLifetimeMs),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  ctx.cookies.set(token, sessionPolicy.absoluteLifetimeMs / 1000);
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
}
