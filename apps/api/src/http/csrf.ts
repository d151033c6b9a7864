import type { RequestHandler } from 'express';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State-changing API calls must be JSON from our own origin. A browser cannot send a JSON
 * content type cross-site without a preflight we never grant, and Origin / Sec-Fetch-Site
 * name the page that sent the request, so a forged form post is refused before it runs.
 */
export const refuseCrossSiteWrites: RequestHandler = (req, res, next) => {
  if (safeMethods.has(req.method)) return next();
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    res.status(415).json({ error: 'Changes must be sent as application/json.' });
    return;
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    res.status(403).json({ error: 'Cross-site requests are refused.' });
    return;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.headers.host ?? ''}`) {
    res.status(403).json({ error: `Requests from ${origin} are refused.` });
    return;
  }
  next();
};
