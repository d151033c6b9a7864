import { can, type Capability } from '@paydesk/domain';
import type { RequestHandler } from 'express';
import { resolveSession } from '../auth/resolve-session.ts';
import { sessionCookieName } from '../auth/session-policy.ts';
import type { ContextServices, SessionUser } from '../context.ts';
import { readCookie } from './cookies.ts';

export interface SessionLocals {
  user: SessionUser | null;
  sessionId: string | null;
}

/** Resolves the session cookie once per request, for tRPC and plain routes alike. */
export function attachSession(services: Pick<ContextServices, 'db' | 'clock' | 'sessions'>): RequestHandler {
  return (req, res, next) => {
    resolveSession(services.db, readCookie(req.headers.cookie, sessionCookieName), services.clock.now(), services.sessions)
      .then((session) => {
        res.locals.session = { user: session?.user ?? null, sessionId: session?.sessionId ?? null } satisfies SessionLocals;
        next();
      })
      .catch(next);
  };
}

export function sessionOf(locals: Record<string, unknown>): SessionLocals {
  return (locals.session as SessionLocals | undefined) ?? { user: null, sessionId: null };
}

/** For plain (non-tRPC) routes such as CSV downloads: 401 signed out, 403 without the capability. */
export function requireCapability(capability: Capability): RequestHandler {
  return (_req, res, next) => {
    const { user } = sessionOf(res.locals);
    if (!user) {
      res.status(401).json({ error: 'Please sign in.' });
      return;
    }
    if (!can(user.role, capability)) {
      res.status(403).json({ error: `Your role (${user.role}) cannot do this.` });
      return;
    }
    next();
  };
}
