import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HeaderSource, RawBody } from './types.ts';

/** HMAC-SHA256 of exactly these bytes. */
export function hmacSha256(secret: string | Buffer, data: RawBody): Buffer {
  return createHmac('sha256', secret).update(toBytes(data)).digest();
}

/** The bytes of a raw body; strings are taken as UTF-8, which is how they went over the wire. */
export function toBytes(data: RawBody): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Constant-time equality; a length mismatch is answered at once since lengths are not secret. */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Hex text to bytes; undefined unless every character is hex and the length is even. */
export function decodeHex(text: string): Buffer | undefined {
  if (text.length % 2 !== 0 || !HEX.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

/** True when the text is canonical-looking standard Base64 (Node's decoder silently skips junk). */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

export type HeaderRead = { ok: true; value: string } | { ok: false; reason: string };

/** Reads one header case-insensitively; a header sent twice is refused rather than guessed at. */
export function readSingleHeader(headers: HeaderSource, name: string): HeaderRead {
  const lower = name.toLowerCase();
  let values: readonly string[] = [];
  if (headers instanceof Headers) {
    const value = headers.get(lower);
    // fetch's Headers joins repeated headers with ", ", which no hex or Base64 signature contains.
    if (value !== null) values = value.includes(', ') ? value.split(', ') : [value];
  } else {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== lower || value === undefined) continue;
      values = values.concat(typeof value === 'string' ? [value] : value);
    }
  }
  if (values.length === 0) return { ok: false, reason: `header ${name} is missing` };
  if (values.length > 1) return { ok: false, reason: `header ${name} was sent more than once` };
  const value = (values[0] ?? '').trim();
  if (value === '') return { ok: false, reason: `header ${name} is empty` };
  return { ok: true, value };
}
