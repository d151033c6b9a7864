import { z } from 'zod';
import { decodeJsonBody, validateJson } from '../json.ts';
import { bytesEqual, decodeHex, hmacSha256, readSingleHeader } from '../signing.ts';
import type { HeaderSource, ParseResult, ProviderStatusEvent, RawBody, VerifyResult } from '../types.ts';
import { klaviStatusToEvent } from './events.ts';
import { klaviEnvelopeSchema, klaviStatusPayloadSchema } from './schemas.ts';

// Validated from the envelope's root so problems are named `payload.status`, not `status`.
const envelopePayloadSchema = z.object({ payload: klaviStatusPayloadSchema });

export const KLAVI_SIGNATURE_HEADER = 'X-Klavi-Signature';
export const KLAVI_TIMESTAMP_HEADER = 'X-Klavi-Timestamp';
/** How far the timestamp may be from our clock, either way. */
export const KLAVI_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** Event type and name our Klavi sandbox uses for payment status webhooks (Klavi does not publish them). */
export const KLAVI_PAYMENT_EVENT_TYPE = 'PAYMENT';
export const KLAVI_PAYMENT_EVENT_NAME = 'PAYMENT_STATUS_CHANGED';

/**
 * Signature for a Klavi webhook body: hex HMAC-SHA256 of the raw body alone, keyed with
 * the secret key, as Klavi documents it. The timestamp is not part of the signed bytes.
 */
export function signKlaviWebhook(rawBody: RawBody, secret: string): string {
  return hmacSha256(secret, rawBody).toString('hex');
}

/**
 * Checks the signature of a Klavi webhook and that its timestamp is within five minutes
 * of `now`. Because Klavi signs the body only, the timestamp check turns away stale
 * deliveries but cannot stop a replay; deduplication on the event key does that.
 */
export function verifyKlaviWebhook(
  rawBody: RawBody,
  headers: HeaderSource,
  secret: string,
  now: Date | number = Date.now(),
): VerifyResult {
  if (secret === '') return { ok: false, reason: 'no Klavi webhook secret is configured' };
  const signature = readSingleHeader(headers, KLAVI_SIGNATURE_HEADER);
  if (!signature.ok) return signature;
  const timestamp = readSingleHeader(headers, KLAVI_TIMESTAMP_HEADER);
  if (!timestamp.ok) return timestamp;
  if (!/^\d{1,12}$/.test(timestamp.value)) {
    return { ok: false, reason: `header ${KLAVI_TIMESTAMP_HEADER} is not unix seconds` };
  }
  const given = decodeHex(signature.value);
  if (!given) return { ok: false, reason: `header ${KLAVI_SIGNATURE_HEADER} is not hex` };
  if (!bytesEqual(given, hmacSha256(secret, rawBody)))
    return { ok: false, reason: 'signature does not match the body' };
  const nowSeconds = (typeof now === 'number' ? now : now.getTime()) / 1000;
  const skew = Math.round(nowSeconds - Number(timestamp.value));
  if (Math.abs(skew) > KLAVI_TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: `timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}` };
  }
  return { ok: true };
}

/**
 * Reads a Klavi webhook envelope whose payload is a payment status; never throws. Event
 * types we do not know are still read when their payload has the status shape.
 */
export function parseKlaviWebhook(raw: unknown): ParseResult<ProviderStatusEvent> {
  try {
    const decoded = decodeJsonBody(raw);
    if (!decoded.ok) return decoded;
    const envelope = validateJson(klaviEnvelopeSchema, decoded.value);
    if (!envelope.ok) return { ok: false, reason: envelope.reason };
    const payload = validateJson(envelopePayloadSchema, decoded.value);
    if (!payload.ok) {
      const kind = envelope.data.eventName ?? envelope.data.eventType ?? 'without a name';
      return { ok: false, reason: `payload of event ${kind} is not a payment status: ${payload.reason}` };
    }
    const event = klaviStatusToEvent(payload.data.payload, 'webhook', decoded.value);
    return { ok: true, event: { ...event, deliveryId: envelope.data.eventId } };
  } catch (error) {
    return {
      ok: false,
      reason: `could not read the webhook: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
