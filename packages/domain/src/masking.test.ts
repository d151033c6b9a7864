import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskCardNumber, maskDocument, maskEmail, maskName, maskPhone } from './masking.ts';

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('john.doe@example.com')).toBe('j•••@example.com');
    expect(maskEmail('  a@b.co ')).toBe('a•••@b.co');
  });

  it('hides the length of the local part', () => {
    expect(maskEmail('jo@example.com')).toBe(maskEmail('jonathan.longname@example.com'));
  });

  it('copes with empty, missing and malformed values', () => {
    expect(maskEmail(null)).toBe('');
    expect(maskEmail(undefined)).toBe('');
    expect(maskEmail('')).toBe('');
    expect(maskEmail('not-an-email')).toBe('n•••');
    expect(maskEmail('@example.com')).toBe('•••@example.com');
  });
});

describe('maskPhone', () => {
  it('keeps the last four digits of a full number', () => {
    expect(maskPhone('+34666999666')).toBe('•••9666');
    expect(maskPhone('+55 (11) 98765-4321')).toBe('•••4321');
    expect(maskPhone(25412340000)).toBe('•••0000');
  });

  it('keeps fewer digits of a short number, and none of a tiny one', () => {
    expect(maskPhone('12345')).toBe('•••45');
    expect(maskPhone('123')).toBe('•••');
  });

  it('copes with empty and missing values', () => {
    expect(maskPhone(null)).toBe('');
    expect(maskPhone('  ')).toBe('');
  });
});

describe('maskName', () => {
  it('reduces a name to initials', () => {
    expect(maskName('John Doe')).toBe('J. D.');
    expect(maskName('  ana   maría  de la cruz ')).toBe('A. M. D. L. C.');
  });

  it('keeps accented and non-Latin initials whole', () => {
    expect(maskName('Émile Zola')).toBe('É. Z.');
    expect(maskName('李 小龙')).toBe('李. 小.');
  });

  it('copes with empty and missing values', () => {
    expect(maskName(null)).toBe('');
    expect(maskName('')).toBe('');
  });
});

describe('maskDocument', () => {
  it('keeps only the last characters of an ID document', () => {
    expect(maskDocument('76486883X')).toBe('•••83X');
    expect(maskDocument('365.706.305-63')).toBe('•••563');
    expect(maskDocument('AB1234')).toBe('•••34');
  });

  it('hides short documents completely', () => {
    expect(maskDocument('1234')).toBe('•••');
    expect(maskDocument(undefined)).toBe('');
  });
});

describe('maskCardNumber', () => {
  it('shows at most the first six and last four digits', () => {
    expect(maskCardNumber('5200000000000007')).toBe('520000******0007');
    expect(maskCardNumber('4111 1111 1111 1111')).toBe('411111******1111');
    expect(maskCardNumber('4000-0000-0000-0002-123')).toBe('400000*********2123');
  });

  it('keeps already-masked numbers within the same limits', () => {
    expect(maskCardNumber('520000*0007')).toBe('520000******0007');
    expect(maskCardNumber('52000012345678******0007')).toBe('520000******0007');
    expect(maskCardNumber('************0007')).toBe('******0007');
  });

  it('never shows more than the last four digits of a short value', () => {
    expect(maskCardNumber('12345678')).toBe('****5678');
    expect(maskCardNumber('1234')).toBe('****');
    expect(maskCardNumber('')).toBe('');
    expect(maskCardNumber(null)).toBe('');
  });

  it('never reveals more than ten digits of any input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 *-]{0,30}$/), (pan) => {
        const digits = maskCardNumber(pan).replace(/\D/g, '');
        expect(digits.length).toBeLessThanOrEqual(10);
      }),
    );
  });
});
