import { isProvider, type Provider } from '@paydesk/domain';
import { verifyKashaWebhook, verifyKashimiWebhook, verifyKlaviWebhook, type VerifyResult } from '@paydesk/providers';
import express, { Router } from 'express';
import type { ContextServices } from '../context.ts';
import { InboxWriter } from '../ingestion/inbox-writer.ts';
import type { ProviderSettings } from '../providers/provider-settings.ts';

/** Checks a delivery's signature with the provider's own scheme and secret. */
export function verifyDelivery(provider: Provider, settings: ProviderSettings, rawBody: Buffer, headers: Record<string, string>, now: Date): VerifyResult {
  switch (provider) {
    case 'kashimi':
      return settings.kashimi ? verifyKashimiWebhook(rawBody, headers, settings.kashimi.webhookSecret) : notConfigured(provider);
    case 'klavi':
      return settings.klavi ? verifyKlaviWebhook(rawBody, headers, settings.klavi.secretKey, now) : notConfigured(provider);
    case 'kasha':
      return settings.kasha ? verifyKashaWebhook(rawBody, headers, settings.kasha.secret) : notConfigured(provider);
  }
}

function notConfigured(provider: Provider): VerifyResult {
  return { ok: false, reason: `no ${provider} secret is configured, so its signature cannot be checked` };
}

function headersOf(req: express.Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * POST /webhooks/:provider. The raw delivery is committed to the inbox before we answer,
 * so nothing a provider sends is lost: 202 when the signature is good (processing follows),
 * 401 when it is not and 400 when the body is unreadable (both kept, marked rejected).
 */
export function webhookRoutes(services: ContextServices, options: { settings: () => ProviderSettings; onAccepted?: (() => void) | undefined }): Router {
  const router = Router();
  const inbox = new InboxWriter(services.db);
  router.post('/webhooks/:provider', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const provider = req.params.provider;
      if (!isProvider(provider)) {
        res.status(404).json({ error: `No webhook endpoint for "${provider}".` });
        return;
      }
      const now = services.clock.now();
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers = headersOf(req);
      const text = rawBody.toString('utf8');
      const verdict = verifyDelivery(provider, options.settings(), rawBody, headers, now);
      let rejectReason: string | undefined;
      let status = 202;
      if (!verdict.ok) {
        rejectReason = `signature: ${verdict.reason}`;
        status = 401;
      } else if (!isJson(text)) {
        rejectReason = rawBody.length === 0 ? 'body is empty' : 'body is not valid JSON';
        status = 400;
      }
      const id = await inbox.store({
        provider,
        headers: redactSecrets(headers),
        body: text,
        state: rejectReason ? 'rejected' : 'received',
        ...(rejectReason ? { rejectReason } : {}),
        receivedAt: now,
      });
      if (rejectReason) {
        services.log.warn({ requestId: req.id, provider, deliveryId: id, reason: rejectReason }, 'webhook rejected');
        res.status(status).json({ error: rejectReason, deliveryId: id });
        return;
      }
      res.status(202).json({ received: true, deliveryId: id });
      options.onAccepted?.();
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Stored headers are shown to admins; cookies and credentials have no business there.
function redactSecrets(headers: Record<string, string>): Record<string, string> {
  const kept = { ...headers };
  for (const name of ['cookie', 'authorization', 'x-api-key']) if (kept[name]) kept[name] = '[redacted]';
  return kept;
}
