import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** This request's id, also sent back as x-request-id and written into audit rows. */
    id: string;
  }
}

/**
 * Gives every request an id (answered as x-request-id) and logs it when its answer is
 * done: method, path, status and time, at error level for a 5xx and info otherwise. Never
 * its headers, which carry cookies and tokens, nor its query string, which carries what
 * staff searched for (customers' emails and names in a tRPC query's input). Nothing per request is built unless a line
 * is actually written (pino-http made a child logger for each request, which showed in
 * the read benchmark's profile).
 */
export function logRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('x-request-id', id);
    const startedAt = performance.now();
    res.once('finish', () => {
      const isFailure = res.statusCode >= 500;
      if (!isFailure && !log.isLevelEnabled('info')) return;
      const line = {
        req: { id, method: req.method, url: req.originalUrl.split('?', 1)[0] },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - startedAt),
      };
      if (isFailure) log.error(line, 'request failed');
      else log.info(line, 'request completed');
    });
    next();
  };
}
