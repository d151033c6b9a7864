import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import helmet from 'helmet';
import { sessionCookieName } from './auth/session-policy.ts';
import { createInnerContext, type Context, type ContextServices, type SessionCookieJar } from './context.ts';
import { serializeSessionCookie } from './http/cookies.ts';
import { refuseCrossSiteWrites } from './http/csrf.ts';
import { logRequests } from './http/request-log.ts';
import { attachSession, sessionOf } from './http/session-middleware.ts';
import { answerQueries } from './http/trpc-query-answers.ts';
import { analyticsExportRoute } from './routes/analytics-export.ts';
import { auditExportRoute } from './routes/audit-export.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { ProviderSettings } from './providers/provider-settings.ts';
import { paymentsExportRoute } from './routes/payments-export.ts';
import { appRouter } from './router.ts';

export interface ServerOptions extends ContextServices {
  /** Folder of the built web app to serve; skipped when it does not exist. */
  webDistDir?: string | undefined;
  /** Provider webhook receivers: how to check signatures, and whom to tell of a new delivery. */
  webhooks?: { settings: () => ProviderSettings; onAccepted?: () => void };
  /** Queries by GET skip tRPC's Fetch-based adapter (see trpc-query-answers.ts); off only to compare the two in tests. */
  answersQueriesDirectly?: boolean;
}

/** Builds the HTTP app without listening, so tests can start it on any port. */
export function buildServer(options: ServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(logRequests(options.log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // MUI's emotion injects style tags at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Paydesk is often run over plain http on a laptop; TLS is the proxy's job.
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', refuseCrossSiteWrites);
  app.use('/api', attachSession(options));
  const contextFor = (req: express.Request, res: express.Response) => {
    const session = sessionOf(res.locals);
    const cookies: SessionCookieJar = {
      set: (token, maxAgeSeconds) =>
        res.append('Set-Cookie', serializeSessionCookie(sessionCookieName, token, { maxAgeSeconds, secure: req.secure })),
      clear: () => res.append('Set-Cookie', serializeSessionCookie(sessionCookieName, '', { maxAgeSeconds: 0, secure: req.secure })),
    };
    return createInnerContext(options, {
      requestId: String(req.id),
      ip: req.ip ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      user: session.user,
      sessionId: session.sessionId,
      cookies,
      onInboxRequeued: options.webhooks?.onAccepted,
    });
  };
  const logFailure = ({ error, path: procedure, ctx }: { error: TRPCError; path: string | undefined; ctx?: Context | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      (ctx?.log ?? options.log).error({ err: error, procedure }, 'procedure failed');
    }
  };
  if (options.answersQueriesDirectly !== false) {
    app.use('/api/trpc', answerQueries({ router: appRouter, createContext: contextFor, onError: logFailure }));
  }
  app.use(
    '/api/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => contextFor(req, res),
      onError: logFailure,
    }),
  );
  // Webhooks and the CSV downloads after the tRPC answers: every request checks each route
  // it passes, and the staff's reads are the many.
  if (options.webhooks) app.use(webhookRoutes(options, options.webhooks));
  app.use(auditExportRoute(options));
  app.use(analyticsExportRoute(options));
  app.use(paymentsExportRoute(options));

  if (options.webDistDir && existsSync(options.webDistDir)) {
    const dist = options.webDistDir;
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^(?!\/api\/|\/webhooks\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
  }
  return app;
}
