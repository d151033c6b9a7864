import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  classifyFreeText,
  compareDecimals,
  describeFilter,
  fieldValueInQuery,
  parseSearchQuery,
  removeTokenAt,
  resolveCreatedRange,
  setFieldInQuery,
  shiftDecimal,
  tokenizeSearch,
  type SearchFilter,
  type SearchQuery,
} from './search-query.ts';

function parsed(input: string): SearchQuery {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(`expected "${input}" to parse: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.query;
}

function only(input: string): SearchFilter {
  const query = parsed(input);
  expect(query.filters).toHaveLength(1);
  return query.filters[0]!;
}

function errorsOf(input: string): string[] {
  const result = parseSearchQuery(input);
  if (result.ok) throw new Error(`expected "${input}" to be refused`);
  return result.errors.map((e) => e.message);
}

describe('free text', () => {
  it('reads an empty query as "everything"', () => {
    expect(parsed('')).toEqual({ filters: [], text: null });
    expect(parsed('   ')).toEqual({ filters: [], text: null });
  });

  it('recognises what was typed by its shape', () => {
    expect(classifyFreeText('6f1c2a4e-0d7b-4c1e-9a53-2b8f7e0c1d22').kind).toBe('uuid');
    expect(classifyFreeText('Maria.Lopez@Example.com')).toEqual({ raw: 'Maria.Lopez@Example.com', kind: 'email', normalized: 'maria.lopez@example.com' });
    expect(classifyFreeText('lopez@exa').kind).toBe('email_part');
    expect(classifyFreeText('+55 11 98765-4321')).toEqual({ raw: '+55 11 98765-4321', kind: 'phone', normalized: '5511987654321' });
    expect(classifyFreeText('4242').kind).toBe('card_last4');
    expect(classifyFreeText('José Gárcia')).toEqual({ raw: 'José Gárcia', kind: 'name', normalized: 'jose garcia' });
    expect(classifyFreeText('ab').kind).toBe('too_short');
  });

  it('keeps words around filters together as one phrase', () => {
    expect(parsed('maria status:failed garcia').text?.normalized).toBe('maria garcia');
  });

  it('accepts a quoted phrase and text that would otherwise look like a field', () => {
    expect(parsed('"ORD:2026:77"').text?.raw).toBe('ORD:2026:77');
    expect(parsed('"-minus"').text?.raw).toBe('-minus');
  });
});

describe('field filters', () => {
  it('reads provider, status, direction and method, any case, several values with commas', () => {
    expect(only('provider:Kasha,klavi')).toEqual({ field: 'provider', negated: false, values: ['kasha', 'klavi'] });
    expect(only('status:failed')).toEqual({ field: 'status', negated: false, values: ['FAILED'] });
    expect(only('direction:payout')).toEqual({ field: 'direction', negated: false, values: ['payout'] });
    expect(only('method:open-banking')).toEqual({ field: 'method', negated: false, values: ['open_banking'] });
    expect(only('method:Card')).toEqual({ field: 'method', negated: false, values: ['card'] });
  });

  it('reads Kashimi phases and provider status codes', () => {
    expect(only('phase:6,7')).toEqual({ field: 'phase', negated: false, values: [6, 7] });
    expect(only('detailed:payment_consent_redirect_pending')).toEqual({
      field: 'detailed',
      negated: false,
      values: ['PAYMENT_CONSENT_REDIRECT_PENDING'],
    });
  });

  it('reads a reason as a category or as the provider’s raw code', () => {
    expect(only('reason:insufficient_funds,3001')).toEqual({ field: 'reason', negated: false, categories: ['insufficient_funds'], codes: ['3001'] });
    expect(only('reason:PAYMENT_CONSENT_NOT_GRANTED')).toEqual({
      field: 'reason',
      negated: false,
      categories: [],
      codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    });
  });

  it('reads country, currency and bank', () => {
    expect(only('country:br')).toEqual({ field: 'country', negated: false, values: ['BR'] });
    expect(only('currency:eur,brl')).toEqual({ field: 'currency', negated: false, values: ['EUR', 'BRL'] });
    expect(only('bank:"banco do brasil"')).toEqual({ field: 'bank', negated: false, value: 'banco do brasil' });
  });

  it('reads amounts as exact decimal text, never as floats', () => {
    expect(only('amount:>100')).toEqual({ field: 'amount', negated: false, min: { value: '100', inclusive: false }, max: null });
    expect(only('amount:>=0.10')).toEqual({ field: 'amount', negated: false, min: { value: '0.10', inclusive: true }, max: null });
    expect(only('amount:<25.5')).toEqual({ field: 'amount', negated: false, min: null, max: { value: '25.5', inclusive: false } });
    expect(only('amount:<=7')).toEqual({ field: 'amount', negated: false, min: null, max: { value: '7', inclusive: true } });
    expect(only('amount:12.34')).toEqual({
      field: 'amount',
      negated: false,
      min: { value: '12.34', inclusive: true },
      max: { value: '12.34', inclusive: true },
    });
    expect(only('amount:100..200')).toEqual({
      field: 'amount',
      negated: false,
      min: { value: '100', inclusive: true },
      max: { value: '200', inclusive: true },
    });
    expect(only('amount:..5')).toEqual({ field: 'amount', negated: false, min: null, max: { value: '5', inclusive: true } });
  });

  it('lets amount and created repeat, since two bounds narrow the range', () => {
    expect(parsed('amount:>10 amount:<20').filters).toHaveLength(2);
    expect(parsed('created:2026-11-01.. created:..2026-11-07').filters).toHaveLength(2);
  });

  it('reads creation days, ranges with open ends and relative ranges', () => {
    expect(only('created:2026-11-01..2026-11-07')).toEqual({ field: 'created', negated: false, range: { kind: 'days', from: '2026-11-01', to: '2026-11-07' } });
    expect(only('created:2026-11-01')).toEqual({ field: 'created', negated: false, range: { kind: 'days', from: '2026-11-01', to: '2026-11-01' } });
    expect(only('created:..2026-11-07')).toEqual({ field: 'created', negated: false, range: { kind: 'days', from: null, to: '2026-11-07' } });
    expect(only('created:today')).toEqual({ field: 'created', negated: false, range: { kind: 'today' } });
    expect(only('created:Yesterday')).toEqual({ field: 'created', negated: false, range: { kind: 'yesterday' } });
    expect(only('created:7d')).toEqual({ field: 'created', negated: false, range: { kind: 'last', amount: 7, unit: 'd' } });
    expect(only('created:12h')).toEqual({ field: 'created', negated: false, range: { kind: 'last', amount: 12, unit: 'h' } });
  });

  it('reads the precise identifier fields', () => {
    expect(only('ref:ORD-1')).toEqual({ field: 'ref', negated: false, value: 'ORD-1' });
    expect(only('email:Maria@Example.com')).toEqual({ field: 'email', negated: false, value: 'maria@example.com' });
    expect(only('name:"Łukasz Wójcik"')).toEqual({ field: 'name', negated: false, value: 'lukasz wojcik' });
    expect(only('phone:+34-666-999-666')).toEqual({ field: 'phone', negated: false, digits: '34666999666' });
    expect(only('card:4242')).toEqual({ field: 'card', negated: false, last4: '4242' });
  });

  it('negates a filter with a leading minus, and allows several negations of one field', () => {
    expect(only('-provider:kasha')).toEqual({ field: 'provider', negated: true, values: ['kasha'] });
    const query = parsed('-status:failed -status:pending status:completed');
    expect(query.filters.map((f) => [f.field, f.negated])).toEqual([
      ['status', true],
      ['status', true],
      ['status', false],
    ]);
  });

  it('combines filters and text in one query', () => {
    const query = parsed('provider:kasha method:card status:failed created:today maria');
    expect(query.filters.map((f) => f.field)).toEqual(['provider', 'method', 'status', 'created']);
    expect(query.text?.kind).toBe('name');
  });
});

describe('bad input', () => {
  it('names an unknown field and lists the known ones', () => {
    const [message] = errorsOf('colour:red');
    expect(message).toContain('Unknown field "colour:"');
    expect(message).toContain('provider');
  });

  it('refuses unknown values with the allowed list', () => {
    expect(errorsOf('provider:paypal')[0]).toBe('provider:paypal is not known. Use one of: kashimi, klavi, kasha.');
    expect(errorsOf('status:lost')[0]).toContain('pending, completed, failed, unknown, refunded');
  });

  it('explains malformed amounts and inverted ranges', () => {
    expect(errorsOf('amount:>1,000')[0]).toContain('is not an amount');
    expect(errorsOf('amount:abc')[0]).toContain('is not an amount');
    expect(errorsOf('amount:200..100')[0]).toContain('starts above where it ends');
    expect(errorsOf('amount:..')[0]).toContain('is not a range');
  });

  it('explains malformed dates and inverted ranges', () => {
    expect(errorsOf('created:2026-02-30')[0]).toContain('is not a day');
    expect(errorsOf('created:2026-11-07..2026-11-01')[0]).toContain('ends before it starts');
    expect(errorsOf('created:last-week')[0]).toContain('today, yesterday, 7d or 12h');
    expect(errorsOf('created:0d')[0]).toContain('at least one day');
  });

  it('refuses other malformed values', () => {
    expect(errorsOf('phase:8')[0]).toContain('1 to 7');
    expect(errorsOf('country:ESP')[0]).toContain('two-letter');
    expect(errorsOf('currency:EU')[0]).toContain('three-letter');
    expect(errorsOf('card:42')[0]).toContain('last four digits');
    expect(errorsOf('name:al')[0]).toContain('at least 3 characters');
    expect(errorsOf('phone:12')[0]).toContain('at least 6 digits');
    expect(errorsOf('provider:kasha,')[0]).toContain('empty value');
  });

  it('asks for a value after a field, a closing quote, and minus only before fields', () => {
    expect(errorsOf('status:')[0]).toContain('needs a value');
    expect(errorsOf('name:"maria')[0]).toContain('never closed');
    expect(errorsOf('-maria')[0]).toContain('negates a field filter only');
  });

  it('refuses the same positive field twice and suggests commas', () => {
    expect(errorsOf('status:failed status:pending')[0]).toContain('status:a,b');
  });

  it('reports every problem with its position in the query', () => {
    const result = parseSearchQuery('status:nope maria colour:red');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.token, e.start, e.end])).toEqual([
      ['status:nope', 0, 11],
      ['colour:red', 18, 28],
    ]);
  });

  it('refuses an overlong query', () => {
    expect(errorsOf('x'.repeat(501))[0]).toContain('too long');
  });

  test.prop([fc.string({ maxLength: 80 })])('never throws, whatever is typed', (input) => {
    const result = parseSearchQuery(input);
    expect(typeof result.ok).toBe('boolean');
  });
});

describe('editing a query from controls', () => {
  it('replaces one field and keeps everything else as typed', () => {
    expect(setFieldInQuery('maria provider:kasha -status:failed', 'provider', 'klavi')).toBe('maria -status:failed provider:klavi');
    expect(setFieldInQuery('maria provider:kasha', 'provider', null)).toBe('maria');
    expect(setFieldInQuery('', 'bank', 'banco do brasil')).toBe('bank:"banco do brasil"');
    expect(fieldValueInQuery('x status:failed,pending', 'status')).toBe('failed,pending');
    expect(fieldValueInQuery('x -status:failed', 'status')).toBeNull();
  });

  it('removes a chip’s token by its position', () => {
    const input = 'maria status:failed provider:kasha';
    const start = tokenizeSearch(input).find((t) => t.field === 'status')!.start;
    expect(removeTokenAt(input, start)).toBe('maria provider:kasha');
  });

  test.prop([fc.constantFrom('kasha', 'klavi', 'kashimi'), fc.constantFrom('failed', 'pending'), fc.string({ maxLength: 20 })])(
    'a value set by a control reads back the same, whatever else was typed',
    (provider, status, noise) => {
      const query = setFieldInQuery(setFieldInQuery(noise, 'provider', provider), 'status', status);
      expect(fieldValueInQuery(query, 'provider')).toBe(provider);
      expect(fieldValueInQuery(query, 'status')).toBe(status);
    },
  );

  it('describes filters in words for chips', () => {
    expect(describeFilter(only('-provider:kasha'))).toBe('Provider is not Kasha');
    expect(describeFilter(only('amount:100..200'))).toBe('Amount ≥ 100 and ≤ 200');
    expect(describeFilter(only('created:2026-11-01..2026-11-07'))).toBe('Created from 2026-11-01 to 2026-11-07');
    expect(describeFilter(only('reason:insufficient_funds'))).toBe('Reason is Insufficient funds');
  });
});

describe('time ranges in the business zone', () => {
  // 02:30 UTC on 21 Nov is still 20 Nov in São Paulo (UTC−3).
  const now = new Date('2026-11-21T02:30:00Z');
  const zone = 'America/Sao_Paulo';

  it('resolves today and yesterday to whole local days', () => {
    expect(resolveCreatedRange({ kind: 'today' }, now, zone)).toEqual({ from: new Date('2026-11-20T03:00:00Z'), to: new Date('2026-11-21T03:00:00Z') });
    expect(resolveCreatedRange({ kind: 'yesterday' }, now, zone)).toEqual({ from: new Date('2026-11-19T03:00:00Z'), to: new Date('2026-11-20T03:00:00Z') });
  });

  it('resolves day ranges with both ends included', () => {
    expect(resolveCreatedRange({ kind: 'days', from: '2026-11-01', to: '2026-11-07' }, now, zone)).toEqual({
      from: new Date('2026-11-01T03:00:00Z'),
      to: new Date('2026-11-08T03:00:00Z'),
    });
    expect(resolveCreatedRange({ kind: 'days', from: null, to: '2026-11-07' }, now, zone).from).toBeNull();
  });

  it('resolves 7d as today and the six days before, and 12h as the last twelve hours', () => {
    expect(resolveCreatedRange({ kind: 'last', amount: 7, unit: 'd' }, now, zone)).toEqual({ from: new Date('2026-11-14T03:00:00Z'), to: null });
    expect(resolveCreatedRange({ kind: 'last', amount: 12, unit: 'h' }, now, zone)).toEqual({ from: new Date('2026-11-20T14:30:00Z'), to: null });
  });
});

describe('decimal helpers', () => {
  it('shift decimals exactly', () => {
    expect(shiftDecimal('100', 2)).toBe('10000');
    expect(shiftDecimal('12.5', 2)).toBe('1250');
    expect(shiftDecimal('0.1', 3)).toBe('100');
    expect(shiftDecimal('100.5', 0)).toBe('100.5');
    expect(shiftDecimal('0.001', 2)).toBe('0.1');
  });

  it('compare decimals exactly', () => {
    expect(compareDecimals('100', '99.99')).toBe(1);
    expect(compareDecimals('0.10', '0.1')).toBe(0);
    expect(compareDecimals('007', '8')).toBe(-1);
  });
});
