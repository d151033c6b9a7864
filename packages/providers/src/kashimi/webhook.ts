import { decodeJsonBody, validateJson } from '../json.ts';
import { bytesEqual, decodeHex, hmacSha256, readSingleHeader } from '../signing.ts';
import type { HeaderSource, ParseResult, ProviderStatusEvent, RawBody, VerifyResult } from '../types.ts';
import { kashimiWebhookToEvent } from './events.ts';
import { kashimiWebhookSchema } from './schemas.ts';

/** Header carrying the hex HMAC-SHA256 of the raw body (our decision; Kashimi does not publish the name). */
export const KASHIMI_SIGNATURE_HEADER = 'X-Kashimi-Signature';

/** Signature value for a Kashimi webhook body: lower-case hex HMAC-SHA256 with the registered secret. */
export function signKashimiWebhook(rawBody: RawBody, secret: string): string {
  return hmacSha256(secret, rawBody).toString('hex');
}

/** Checks a Kashimi webhook against the secret registered with Kashimi; compare is constant-time. */
export function verifyKashimiWebhook(rawBody: RawBody, headers: HeaderSource, secret: string): VerifyResult {
  if (secret === '') return { ok: false, reason: 'no Kashimi webhook secret is configured' };
  const header = readSingleHeader(headers, KASHIMI_SIGNATURE_HEADER);
  if (!header.ok) return header;
  const given = decodeHex(header.value);
  if (!given) return { ok: false, reason: `header ${KASHIMI_SIGNATURE_HEADER} is not hex` };
  const expected = hmacSha256(secret, rawBody);
  return bytesEqual(given, expected) ? { ok: true } : { ok: false, reason: 'signature does not match the body' };
}

/** Reads a PAYMENT_STATUS_UPDATED body; never throws. */
export function parseKashimiWebhook(raw: unknown): ParseResult<ProviderStatusEvent> {
  try {
    const decoded = decodeJsonBody(raw);
    if (!decoded.ok) return decoded;
    const checked = validateJson(kashimiWebhookSchema, decoded.value);
    if (!checked.ok) return { ok: false, reason: checked.reason };
    return { ok: true, event: kashimiWebhookToEvent(checked.data, decoded.value) };
  } catch (error) {
    return {
      ok: false,
      reason: `could not read the webhook: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
