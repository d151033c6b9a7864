import { z } from 'zod';

// Money is integer minor units plus an ISO 4217 code. Nothing here does arithmetic on
// a float fraction: amounts are parsed as decimal strings and shifted as text.

export type MoneyErrorCode =
  'INVALID_CURRENCY' | 'INVALID_FORMAT' | 'NOT_FINITE' | 'TOO_MANY_DECIMALS' | 'NEGATIVE' | 'TOO_LARGE' | 'NOT_INTEGER';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// Active ISO 4217 codes get ISO's exponent; only codes outside ISO fall back to Intl.
// Intl follows CLDR, which disagrees with ISO for several currencies (0 decimals for
// COP, HUF, IDR, PKR and even IQD, where ISO says 2, 2, 2, 2 and 3), and providers
// send ISO amounts.
const ISO_CURRENCIES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL ' +
    'BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF ' +
    'DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF ' +
    'IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR ' +
    'LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO ' +
    'NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK ' +
    'SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH ' +
    'UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

// prettier-ignore
const NON_DEFAULT_EXPONENTS: Readonly<Record<string, number>> = {
  // ISO 4217, no minor unit
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // ISO 4217, three decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // ISO 4217, four decimals (units of account)
  CLF: 4, UYW: 4,
  // Not ISO: Kasha accepts crypto amounts with up to 8 decimals.
  BTC: 8, ETH: 8, LTC: 8,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Accepts ' eur ' as EUR; throws MoneyError for anything that is not a currency code. */
export function normalizeCurrencyCode(currency: string): string {
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (!CURRENCY_CODE.test(code)) {
    throw new MoneyError('INVALID_CURRENCY', `"${String(currency)}" is not a currency code`);
  }
  return code;
}

export const currencyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => {
    try {
      normalizeCurrencyCode(code);
      return true;
    } catch {
      return false;
    }
  }, 'Not a currency code');

const exponentCache = new Map<string, number>();

/** Number of decimals in the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = normalizeCurrencyCode(currency);
  const fixed = NON_DEFAULT_EXPONENTS[code];
  if (fixed !== undefined) return fixed;
  if (ISO_CURRENCIES.has(code)) return 2;
  const cached = exponentCache.get(code);
  if (cached !== undefined) return cached;
  let digits: number;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  exponentCache.set(code, digits);
  return digits;
}

type Decimal = { negative: boolean; intDigits: string; fracDigits: string };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// Exponents beyond this cannot produce a safe integer or a representable fraction,
// and capping them keeps string shifting cheap.
const MAX_EXPONENT_SHIFT = 400;

function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError('INVALID_FORMAT', `"${text}" is not a decimal amount`);
  const [, sign = '', int = '', frac = '', exp] = match;
  if (int.length === 0 && frac.length === 0) {
    throw new MoneyError('INVALID_FORMAT', `"${text}" is not a decimal amount`);
  }
  const negative = sign === '-';
  if (exp === undefined) return { negative, intDigits: int, fracDigits: frac };

  const digits = int + frac;
  if (/^0*$/.test(digits)) return { negative, intDigits: '0', fracDigits: '' };
  const shift = Number(exp);
  if (shift > MAX_EXPONENT_SHIFT) throw new MoneyError('TOO_LARGE', `${text} is too large`);
  if (shift < -MAX_EXPONENT_SHIFT) throw new MoneyError('TOO_MANY_DECIMALS', `${text} has too many decimals`);
  const point = int.length + shift;
  if (point <= 0) return { negative, intDigits: '0', fracDigits: '0'.repeat(-point) + digits };
  if (point >= digits.length)
    return { negative, intDigits: digits + '0'.repeat(point - digits.length), fracDigits: '' };
  return { negative, intDigits: digits.slice(0, point), fracDigits: digits.slice(point) };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export type ToMinorUnitsOptions = { allowNegative?: boolean };

/**
 * Converts a major-unit amount (10.5, "1333.00") to integer minor units, exactly.
 * Trailing zeros beyond the currency's decimals are accepted ("5.00" JPY is 5);
 * any other extra digit is an error, never a rounding.
 */
export function toMinorUnits(amount: number | string, currency: string, options: ToMinorUnitsOptions = {}): number {
  const exponent = currencyExponent(currency);
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) throw new MoneyError('NOT_FINITE', `${amount} is not a finite amount`);
    // String() gives the shortest decimal that round-trips, which is what the sender meant.
    text = String(amount);
  } else if (typeof amount === 'string') {
    text = amount.trim();
    if (/^[+-]?(nan|infinity)$/i.test(text)) throw new MoneyError('NOT_FINITE', `${text} is not a finite amount`);
  } else {
    throw new MoneyError('INVALID_FORMAT', 'The amount must be a number or a decimal string');
  }

  const { negative, intDigits, fracDigits } = parseDecimal(text);
  const significantFrac = fracDigits.replace(/0+$/, '');
  if (significantFrac.length > exponent) {
    throw new MoneyError(
      'TOO_MANY_DECIMALS',
      `${text} has more decimals than ${normalizeCurrencyCode(currency)} allows (${exponent})`,
    );
  }
  const minorDigits = (intDigits + significantFrac.padEnd(exponent, '0')).replace(/^0+/, '') || '0';
  if (minorDigits.length > 16 || BigInt(minorDigits) > MAX_SAFE) {
    throw new MoneyError('TOO_LARGE', `${text} ${normalizeCurrencyCode(currency)} is too large to store exactly`);
  }
  const magnitude = Number(minorDigits);
  if (negative && magnitude !== 0) {
    if (!options.allowNegative) throw new MoneyError('NEGATIVE', `${text} is negative`);
    return -magnitude;
  }
  return magnitude;
}

/** Minor units back to a plain decimal string: 123456 EUR → "1234.56", 5 JPY → "5". */
export function fromMinorUnits(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  let value: bigint;
  if (typeof minor === 'bigint') {
    value = minor;
  } else {
    if (!Number.isInteger(minor)) throw new MoneyError('NOT_INTEGER', `${minor} is not a whole number of minor units`);
    if (!Number.isSafeInteger(minor)) throw new MoneyError('TOO_LARGE', `${minor} is beyond exact integer range`);
    value = BigInt(minor);
  }
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const cut = digits.length - exponent;
  const major = exponent === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${major}` : major;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Display string in the payment's own currency, e.g. 123456 EUR → "€1,234.56". */
export function formatMoney(minor: number | bigint, currency: string, locale = 'en-GB'): string {
  const code = normalizeCurrencyCode(currency);
  const exponent = currencyExponent(code);
  const decimal = fromMinorUnits(minor, code);
  const key = `${locale}|${code}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, formatter);
  }
  // Intl formats a numeric string exactly, so huge amounts do not lose digits.
  return formatter.format(decimal as `${number}`);
}

export type ParseAmountResult = { ok: true; minor: number } | { ok: false; code: MoneyErrorCode; message: string };

/**
 * Reads what a person typed in an amount filter ("100", "100.5") as minor units.
 * Stricter than toMinorUnits: digits and one dot only, never negative; the message is
 * meant to be shown next to the field.
 */
export function parseMajorAmountToMinor(input: string, currency: string): ParseAmountResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text.includes(',')) {
    return {
      ok: false,
      code: 'INVALID_FORMAT',
      message: 'Use a dot for decimals and no thousands separators, e.g. 1500.50',
    };
  }
  if (text.startsWith('-')) {
    return { ok: false, code: 'NEGATIVE', message: 'Enter a positive amount' };
  }
  if (!/^\d*\.?\d*$/.test(text) || !/\d/.test(text)) {
    return { ok: false, code: 'INVALID_FORMAT', message: 'Enter an amount such as 100 or 100.50' };
  }
  try {
    return { ok: true, minor: toMinorUnits(text, currency) };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    if (error.code === 'TOO_MANY_DECIMALS') {
      const exponent = currencyExponent(currency);
      const message =
        exponent === 0
          ? `${normalizeCurrencyCode(currency)} amounts have no decimals`
          : `${normalizeCurrencyCode(currency)} amounts have at most ${exponent} decimals`;
      return { ok: false, code: error.code, message };
    }
    if (error.code === 'TOO_LARGE') return { ok: false, code: error.code, message: 'That amount is too large' };
    return { ok: false, code: error.code, message: error.message };
  }
}

/** Currencies whose minor unit is not two decimals, with their exponent (for SQL that converts per row). */
export function currenciesWithUnusualExponent(): Readonly<Record<string, number>> {
  return NON_DEFAULT_EXPONENTS;
}
