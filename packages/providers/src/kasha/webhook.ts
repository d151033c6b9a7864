import { decodeJsonBody, validateJson } from '../json.ts';
import { bytesEqual, hmacSha256, isBase64, readSingleHeader, toBytes } from '../signing.ts';
import type { HeaderSource, ParseResult, ProviderStatusEvent, RawBody, VerifyResult } from '../types.ts';
import { KASHA_HEADERS } from './api-paths.ts';
import { kashaTransactionToEvent } from './events.ts';
import { kashaCallbackSchema } from './schemas.ts';

/** Base64(HMAC-SHA256(secret, raw body)): Kasha's signature for requests and callbacks alike. */
export function signKasha(rawBody: RawBody, secret: string): string {
  return hmacSha256(secret, rawBody).toString('base64');
}

/**
 * Checks a Kasha callback's `x-signature`. The Base64 text itself is compared (constant
 * time), not its decoded bytes, so a variant encoding of the right bytes is refused too.
 */
export function verifyKashaWebhook(rawBody: RawBody, headers: HeaderSource, secret: string): VerifyResult {
  if (secret === '') return { ok: false, reason: 'no Kasha secret is configured' };
  const header = readSingleHeader(headers, KASHA_HEADERS.signature);
  if (!header.ok) return header;
  if (!isBase64(header.value)) return { ok: false, reason: `header ${KASHA_HEADERS.signature} is not Base64` };
  const expected = Buffer.from(signKasha(toBytes(rawBody), secret), 'ascii');
  return bytesEqual(Buffer.from(header.value, 'ascii'), expected)
    ? { ok: true }
    : { ok: false, reason: 'signature does not match the body' };
}

/** Reads a Kasha callback (the transaction object plus `type`); never throws. */
export function parseKashaWebhook(raw: unknown): ParseResult<ProviderStatusEvent> {
  try {
    const decoded = decodeJsonBody(raw);
    if (!decoded.ok) return decoded;
    const checked = validateJson(kashaCallbackSchema, decoded.value);
    if (!checked.ok) return { ok: false, reason: checked.reason };
    return { ok: true, event: kashaTransactionToEvent(checked.data, 'webhook', decoded.value) };
  } catch (error) {
    return {
      ok: false,
      reason: `could not read the callback: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
