// Masking for screens and exports seen by people without `payments.readPersonalData`.
// Every function accepts null/undefined/garbage and returns a string, never throws, and
// never reveals more than it promises even for odd or very short input.

const DOT = '•';
const HIDDEN = DOT.repeat(3);

function text(value: string | number | null | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return typeof value === 'string' ? value.trim() : '';
}

function firstChar(value: string): string {
  // Array.from splits by code point, so "Émile" or an emoji is not cut in half.
  return Array.from(value)[0] ?? '';
}

/** 'john.doe@example.com' → 'j•••@example.com'; the domain stays readable for support. */
export function maskEmail(email: string | null | undefined): string {
  const value = text(email);
  if (value.length === 0) return '';
  const at = value.lastIndexOf('@');
  if (at < 0) return `${firstChar(value)}${HIDDEN}`;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return `${firstChar(local)}${HIDDEN}@${domain}`;
}

/**
 * '+34 666 999 666' → '•••9666': last 4 digits of a long number, last 2 of a short one.
 * Numbers are accepted because Kasha's payout example sends the phone as one.
 */
export function maskPhone(phone: string | number | null | undefined): string {
  const digits = text(phone).replace(/\D/g, '');
  if (digits.length === 0) return '';
  const keep = digits.length >= 8 ? 4 : digits.length >= 5 ? 2 : 0;
  return `${HIDDEN}${keep > 0 ? digits.slice(-keep) : ''}`;
}

/** 'John Doe' → 'J. D.': initials only, so neither the name nor its length shows. */
export function maskName(name: string | null | undefined): string {
  const parts = text(name)
    .split(/\s+/)
    .filter((part) => part.length > 0);
  return parts.map((part) => `${firstChar(part).toUpperCase()}.`).join(' ');
}

/** ID documents: '76486883X' → '•••83X' (last 3 characters, fewer for short values). */
export function maskDocument(documentNumber: string | number | null | undefined): string {
  const chars = text(documentNumber).replace(/[\s.\-/]/g, '');
  if (chars.length === 0) return '';
  const keep = chars.length >= 9 ? 3 : chars.length >= 6 ? 2 : 0;
  return `${HIDDEN}${keep > 0 ? chars.slice(-keep) : ''}`;
}

const MASK_CHARS = /[*•xX]/;

/**
 * Card numbers: at most the first 6 and last 4 digits ever show, as PCI DSS allows,
 * e.g. '5200000000000007' → '520000******0007'. Already-masked input such as
 * '520000*0007' keeps what it shows, within the same limits.
 */
export function maskCardNumber(pan: string | null | undefined): string {
  const value = text(pan).replace(/[\s-]/g, '');
  if (value.length === 0) return '';
  if (MASK_CHARS.test(value)) {
    const lead = (/^\d*/.exec(value)?.[0] ?? '').slice(0, 6);
    const tail = (/\d*$/.exec(value)?.[0] ?? '').slice(-4);
    return `${lead}******${tail}`;
  }
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 13) return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
  // Too short to be a real card number: show at most the last 4, and only if most stays hidden.
  if (digits.length >= 8) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return '*'.repeat(Math.max(digits.length, 4));
}
