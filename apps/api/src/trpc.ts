import { appendAudit } from '@paydesk/db';
import { can, type Capability } from '@paydesk/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context, SessionUser } from './context.ts';

/**
 * Every procedure declares who may call it. A procedure without a declaration is refused
 * to everyone, so forgetting one fails closed.
 */
export type Access = { public: true } | { signedIn: true } | { capability: Capability };
export interface Meta {
  access?: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      // Internal errors keep their message in the log, not in the answer to the browser.
      const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
      // A bad form names each bad field in plain words, not as a JSON dump of the validator.
      const fieldErrors =
        error.cause instanceof ZodError
          ? error.cause.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }))
          : undefined;
      const message = isInternal
        ? 'Something went wrong on our side. The error has been logged.'
        : fieldErrors
          ? fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ')
          : shape.message;
      return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Writes one audit row for every mutation, whatever its outcome. */
const auditMutations = t.middleware(async ({ ctx, type, path, next }) => {
  const result = await next();
  if (type !== 'mutation' || ctx.audit.isRecorded) return result;
  const outcome = result.ok ? 'success' : result.error.code === 'FORBIDDEN' ? 'denied' : 'failure';
  const note = ctx.audit;
  await appendAudit(ctx.db, {
    actor: note.actor ?? (ctx.user ? { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role } : null),
    action: note.action ?? path,
    target: note.target ?? null,
    outcome,
    before: note.before,
    after: note.after,
    details: result.ok ? note.details : { ...(note.details as object | undefined), error: result.error.message },
    ip: ctx.ip,
    requestId: ctx.requestId,
    at: ctx.clock.now(),
  }).catch((error: unknown) => ctx.log.error({ err: error, path }, 'could not write the audit row'));
  return result;
});

const enforceAccess = t.middleware(({ ctx, meta, next }) => {
  const access = meta?.access;
  if (!access || 'public' in access) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This action has no access rule.' });
  }
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  if ('capability' in access && !can(ctx.user.role, access.capability)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${ctx.user.role}) cannot do this.` });
  }
  return next({ ctx: { user: ctx.user as SessionUser } });
});

const auditedProcedure = t.procedure.use(auditMutations);
const protectedProcedure = auditedProcedure.use(enforceAccess);

/** Anyone, signed in or not (sign-in itself, health). */
export const publicProcedure = auditedProcedure.meta({ access: { public: true } });
/** Any signed-in user, whatever the role. */
export const signedInProcedure = protectedProcedure.meta({ access: { signedIn: true } });
/** Signed-in users whose role holds the capability (ROLE_CAPABILITIES in the domain). */
export function procedureWith(capability: Capability) {
  return protectedProcedure.meta({ access: { capability } });
}
