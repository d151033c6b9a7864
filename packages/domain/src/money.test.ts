import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MoneyError,
  currencyCodeSchema,
  currencyExponent,
  formatMoney,
  fromMinorUnits,
  parseMajorAmountToMinor,
  toMinorUnits,
} from './money.ts';

function moneyErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  return undefined;
}

describe('currencyExponent', () => {
  it('gives ISO 4217 exponents for zero-, two-, three- and four-decimal currencies', () => {
    for (const code of ['JPY', 'KRW', 'CLP', 'VND', 'ISK', 'XOF']) expect(currencyExponent(code)).toBe(0);
    for (const code of ['EUR', 'USD', 'GBP', 'BRL', 'ARS', 'MXN']) expect(currencyExponent(code)).toBe(2);
    for (const code of ['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD']) expect(currencyExponent(code)).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('follows ISO rather than Intl where the two disagree', () => {
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('HUF')).toBe(2);
    expect(currencyExponent('COP')).toBe(2);
    expect(currencyExponent('IQD')).toBe(3);
  });

  it('accepts lower case and surrounding spaces', () => {
    expect(currencyExponent(' jpy ')).toBe(0);
  });

  it('uses 8 decimals for the crypto currencies Kasha accepts', () => {
    expect(currencyExponent('BTC')).toBe(8);
  });

  it('falls back to Intl, then 2, for well-formed codes outside ISO 4217', () => {
    expect(currencyExponent('XYZ')).toBe(2);
  });

  it('rejects values that are not currency codes', () => {
    expect(moneyErrorCode(() => currencyExponent('EURO'))).toBe('INVALID_CURRENCY');
    expect(moneyErrorCode(() => currencyExponent(''))).toBe('INVALID_CURRENCY');
    expect(moneyErrorCode(() => currencyExponent('E1R'))).toBe('INVALID_CURRENCY');
  });
});

describe('toMinorUnits', () => {
  it('converts numbers and decimal strings exactly', () => {
    expect(toMinorUnits(10, 'EUR')).toBe(1000);
    expect(toMinorUnits(10.5, 'EUR')).toBe(1050);
    expect(toMinorUnits('1333.00', 'BRL')).toBe(133300);
    expect(toMinorUnits('5', 'JPY')).toBe(5);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
  });

  it('does not suffer float drift on values that are inexact in binary', () => {
    // 1.15 * 100 === 114.99999999999999 in floating point
    expect(toMinorUnits(1.15, 'EUR')).toBe(115);
    expect(toMinorUnits(4.35, 'USD')).toBe(435);
    expect(toMinorUnits(8.2, 'GBP')).toBe(820);
  });

  it('rejects a float carrying binary noise rather than silently rounding it', () => {
    expect(moneyErrorCode(() => toMinorUnits(0.1 + 0.2, 'EUR'))).toBe('TOO_MANY_DECIMALS');
  });

  it('accepts extra trailing zeros but rejects extra significant decimals', () => {
    expect(toMinorUnits('5.00', 'JPY')).toBe(5);
    expect(toMinorUnits('10.500', 'EUR')).toBe(1050);
    expect(moneyErrorCode(() => toMinorUnits('5.5', 'JPY'))).toBe('TOO_MANY_DECIMALS');
    expect(moneyErrorCode(() => toMinorUnits(1.005, 'EUR'))).toBe('TOO_MANY_DECIMALS');
    expect(moneyErrorCode(() => toMinorUnits('1.2345', 'KWD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('converts exponent notation exactly instead of guessing', () => {
    expect(toMinorUnits(1e-7, 'BTC')).toBe(10);
    expect(toMinorUnits('1.5e2', 'EUR')).toBe(15000);
    expect(toMinorUnits('25e-2', 'EUR')).toBe(25);
    expect(moneyErrorCode(() => toMinorUnits(1e-7, 'EUR'))).toBe('TOO_MANY_DECIMALS');
    expect(moneyErrorCode(() => toMinorUnits(1e21, 'EUR'))).toBe('TOO_LARGE');
    expect(moneyErrorCode(() => toMinorUnits('1e999999', 'EUR'))).toBe('TOO_LARGE');
    expect(moneyErrorCode(() => toMinorUnits('1e-999999', 'EUR'))).toBe('TOO_MANY_DECIMALS');
    expect(toMinorUnits('0e999999', 'EUR')).toBe(0);
  });

  it('rejects negative amounts unless they are allowed', () => {
    expect(moneyErrorCode(() => toMinorUnits(-1, 'EUR'))).toBe('NEGATIVE');
    expect(moneyErrorCode(() => toMinorUnits('-0.01', 'EUR'))).toBe('NEGATIVE');
    expect(toMinorUnits(-1.25, 'EUR', { allowNegative: true })).toBe(-125);
  });

  it('treats negative zero as zero, not as a negative amount', () => {
    expect(Object.is(toMinorUnits(-0, 'EUR'), 0)).toBe(true);
    expect(Object.is(toMinorUnits('-0.00', 'EUR'), 0)).toBe(true);
  });

  it('rejects NaN and infinities', () => {
    expect(moneyErrorCode(() => toMinorUnits(Number.NaN, 'EUR'))).toBe('NOT_FINITE');
    expect(moneyErrorCode(() => toMinorUnits(Number.POSITIVE_INFINITY, 'EUR'))).toBe('NOT_FINITE');
    expect(moneyErrorCode(() => toMinorUnits('Infinity', 'EUR'))).toBe('NOT_FINITE');
    expect(moneyErrorCode(() => toMinorUnits('NaN', 'EUR'))).toBe('NOT_FINITE');
  });

  it('rejects text that is not a plain decimal', () => {
    for (const bad of ['', ' ', '.', '1,000.00', '1 000', '€10', '10 EUR', '0x10', '1.2.3', '--1', '1e']) {
      expect(moneyErrorCode(() => toMinorUnits(bad, 'EUR'))).toBe('INVALID_FORMAT');
    }
  });

  it('refuses amounts beyond the exact integer range instead of rounding them', () => {
    expect(toMinorUnits('90071992547409.91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
    expect(moneyErrorCode(() => toMinorUnits('90071992547409.92', 'EUR'))).toBe('TOO_LARGE');
    expect(moneyErrorCode(() => toMinorUnits('100000000000000000000', 'JPY'))).toBe('TOO_LARGE');
  });

  it('names the problem in the error', () => {
    const error = (() => {
      try {
        toMinorUnits('5.5', 'JPY');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MoneyError);
    expect((error as MoneyError).name).toBe('MoneyError');
    expect((error as MoneyError).message).toContain('JPY');
  });
});

describe('fromMinorUnits', () => {
  it('writes minor units as a plain decimal string in the currency’s precision', () => {
    expect(fromMinorUnits(123456, 'EUR')).toBe('1234.56');
    expect(fromMinorUnits(5, 'JPY')).toBe('5');
    expect(fromMinorUnits(-5, 'EUR')).toBe('-0.05');
    expect(fromMinorUnits(0, 'EUR')).toBe('0.00');
    expect(fromMinorUnits(1, 'KWD')).toBe('0.001');
    expect(fromMinorUnits(10, 'BTC')).toBe('0.00000010');
  });

  it('accepts bigint minor units from the database', () => {
    expect(fromMinorUnits(12345678901234567890n, 'EUR')).toBe('123456789012345678.90');
  });

  it('rejects fractional and unsafe numbers', () => {
    expect(moneyErrorCode(() => fromMinorUnits(1.5, 'EUR'))).toBe('NOT_INTEGER');
    expect(moneyErrorCode(() => fromMinorUnits(Number.NaN, 'EUR'))).toBe('NOT_INTEGER');
    expect(moneyErrorCode(() => fromMinorUnits(2 ** 60, 'EUR'))).toBe('TOO_LARGE');
  });
});

describe('round trip', () => {
  const safeMinor = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

  for (const [currency, exponent] of [
    ['JPY', 0],
    ['EUR', 2],
    ['KWD', 3],
  ] as const) {
    it(`returns every safe integer unchanged through a ${currency} decimal string (exponent ${exponent})`, () => {
      expect(currencyExponent(currency)).toBe(exponent);
      fc.assert(
        fc.property(safeMinor, (minor) => {
          expect(toMinorUnits(fromMinorUnits(minor, currency), currency, { allowNegative: true })).toBe(minor);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('returns small amounts unchanged when they travel as JS numbers, as providers send them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (minor) => {
        expect(toMinorUnits(Number(fromMinorUnits(minor, 'EUR')), 'EUR')).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatMoney', () => {
  it('formats in the payment’s currency with its own number of decimals', () => {
    expect(formatMoney(123456, 'EUR')).toBe('€1,234.56');
    expect(formatMoney(5, 'JPY')).toBe('JP¥5');
    expect(formatMoney(1234, 'KWD')).toBe('KWD\u00a01.234');
    expect(formatMoney(-5, 'EUR')).toBe('-€0.05');
  });

  it('follows the locale it is given', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('shows ISO decimals even where Intl would round them away', () => {
    expect(formatMoney(150, 'IDR')).toBe('IDR\u00a01.50');
  });

  it('keeps every digit of amounts too large for a float', () => {
    expect(formatMoney(12345678901234567890n, 'EUR')).toBe('€123,456,789,012,345,678.90');
  });
});

describe('parseMajorAmountToMinor', () => {
  it('reads what a person types into an amount filter', () => {
    expect(parseMajorAmountToMinor('100', 'EUR')).toEqual({ ok: true, minor: 10000 });
    expect(parseMajorAmountToMinor(' 100.5 ', 'EUR')).toEqual({ ok: true, minor: 10050 });
    expect(parseMajorAmountToMinor('100.', 'EUR')).toEqual({ ok: true, minor: 10000 });
    expect(parseMajorAmountToMinor('.5', 'EUR')).toEqual({ ok: true, minor: 50 });
    expect(parseMajorAmountToMinor('1500', 'JPY')).toEqual({ ok: true, minor: 1500 });
  });

  it('explains what is wrong instead of throwing', () => {
    expect(parseMajorAmountToMinor('', 'EUR')).toMatchObject({ ok: false, code: 'INVALID_FORMAT' });
    expect(parseMajorAmountToMinor('abc', 'EUR')).toMatchObject({ ok: false, code: 'INVALID_FORMAT' });
    expect(parseMajorAmountToMinor('1e3', 'EUR')).toMatchObject({ ok: false, code: 'INVALID_FORMAT' });
    expect(parseMajorAmountToMinor('1,5', 'EUR')).toMatchObject({ ok: false, code: 'INVALID_FORMAT' });
    expect(parseMajorAmountToMinor('-5', 'EUR')).toMatchObject({ ok: false, code: 'NEGATIVE' });
    expect(parseMajorAmountToMinor('1.5', 'JPY')).toEqual({
      ok: false,
      code: 'TOO_MANY_DECIMALS',
      message: 'JPY amounts have no decimals',
    });
    expect(parseMajorAmountToMinor('1.505', 'EUR')).toMatchObject({
      ok: false,
      message: 'EUR amounts have at most 2 decimals',
    });
    expect(parseMajorAmountToMinor('99999999999999999', 'EUR')).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });
});

describe('currencyCodeSchema', () => {
  it('accepts currency codes in any case and returns them upper case', () => {
    expect(currencyCodeSchema.parse(' brl ')).toBe('BRL');
  });

  it('rejects values that are not currency codes', () => {
    expect(currencyCodeSchema.safeParse('euro').success).toBe(false);
    expect(currencyCodeSchema.safeParse('').success).toBe(false);
  });
});
