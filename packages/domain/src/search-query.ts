import { isIsoDay, nextDay, startOfDayInZone, dayInZone } from './business-time.ts';
import { FAILURE_CATEGORIES, FAILURE_CATEGORY_LABELS, type FailureCategory } from './failure.ts';
import {
  DIRECTION_LABELS,
  DIRECTIONS,
  METHOD_LABELS,
  PAYMENT_METHODS,
  PROVIDER_LABELS,
  PROVIDERS,
  type Direction,
  type PaymentMethod,
  type Provider,
} from './providers.ts';
import { UNIFIED_STATUS_LABELS, UNIFIED_STATUSES, type UnifiedStatus } from './status.ts';
import { normalizeForSearch } from './search-normalize.ts';

// The payment search language: free text that is recognised by its shape (a reference,
// an email, a phone number, a card's last four, a name) plus `field:value` filters.
// Pure code shared by the API (which runs the query) and the UI (which shows inline
// errors, chips and the help popover from the same definitions).

export type SearchField =
  | 'provider'
  | 'status'
  | 'direction'
  | 'method'
  | 'phase'
  | 'detailed'
  | 'reason'
  | 'country'
  | 'currency'
  | 'bank'
  | 'amount'
  | 'created'
  | 'ref'
  | 'email'
  | 'name'
  | 'phone'
  | 'card';

export interface SearchFieldHelp {
  readonly field: SearchField;
  readonly summary: string;
  readonly examples: readonly string[];
}

/** What each field means, in the order the help lists them. */
export const SEARCH_FIELD_HELP: readonly SearchFieldHelp[] = [
  { field: 'provider', summary: `Provider: ${PROVIDERS.join(', ')}. Several values with commas.`, examples: ['provider:kasha', 'provider:kashimi,klavi'] },
  { field: 'status', summary: `Unified status: ${UNIFIED_STATUSES.map((s) => s.toLowerCase()).join(', ')}.`, examples: ['status:failed', 'status:pending,unknown'] },
  { field: 'direction', summary: 'payin or payout.', examples: ['direction:payout'] },
  { field: 'method', summary: `Payment method: ${PAYMENT_METHODS.join(', ')}.`, examples: ['method:card'] },
  { field: 'phase', summary: 'Kashimi phase, 1 (bank selection) to 7 (payment execution).', examples: ['phase:6'] },
  {
    field: 'detailed',
    summary: 'The provider’s own status: a Kashimi detailed status, a Klavi status or a Kasha status.',
    examples: ['detailed:PAYMENT_CONSENT_REDIRECT_PENDING', 'detailed:payment_partially_accepted'],
  },
  {
    field: 'reason',
    summary: `Failure category (${FAILURE_CATEGORIES.join(', ')}) or the provider’s raw code.`,
    examples: ['reason:insufficient_funds', 'reason:3001', 'reason:PAYMENT_CONSENT_NOT_GRANTED'],
  },
  { field: 'country', summary: 'Two-letter country code.', examples: ['country:BR'] },
  { field: 'currency', summary: 'Three-letter currency code.', examples: ['currency:EUR'] },
  { field: 'bank', summary: 'Bank or institution: its id, or part of its name (3+ characters).', examples: ['bank:santander'] },
  {
    field: 'amount',
    summary: 'Amount in the payment’s currency units (not cents): >, >=, <, <=, exact, or a range a..b.',
    examples: ['amount:>100', 'amount:<=25.50', 'amount:100..200'],
  },
  {
    field: 'created',
    summary: 'Creation day(s) in the business time zone: a day, a range a..b (both included), today, yesterday, 7d, 12h.',
    examples: ['created:2026-11-01..2026-11-07', 'created:today', 'created:7d'],
  },
  { field: 'ref', summary: 'Any exact reference: our id, a provider id, merchant or payment reference.', examples: ['ref:ORD-2026-000123'] },
  { field: 'email', summary: 'Customer email, whole or part (3+ characters).', examples: ['email:maria@example.com'] },
  { field: 'name', summary: 'Customer name contains (any case, accents ignored; 3+ characters).', examples: ['name:"jose garcia"'] },
  { field: 'phone', summary: 'Customer phone number, with or without country code.', examples: ['phone:+5511987654321'] },
  { field: 'card', summary: 'Last four digits of the card.', examples: ['card:4242'] },
];

export const SEARCH_FIELDS = SEARCH_FIELD_HELP.map((h) => h.field) as readonly SearchField[];

function isSearchField(value: string): value is SearchField {
  return (SEARCH_FIELDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Parsed form

/** A decimal amount as typed, in major units ("100", "25.50"); compared exactly, never as a float. */
export interface AmountBound {
  readonly value: string;
  readonly inclusive: boolean;
}

export type CreatedRange =
  | { readonly kind: 'days'; readonly from: string | null; readonly to: string | null }
  | { readonly kind: 'today' }
  | { readonly kind: 'yesterday' }
  | { readonly kind: 'last'; readonly amount: number; readonly unit: 'd' | 'h' };

type Negatable = { readonly negated: boolean };

export type SearchFilter = Negatable &
  (
    | { readonly field: 'provider'; readonly values: readonly Provider[] }
    | { readonly field: 'status'; readonly values: readonly UnifiedStatus[] }
    | { readonly field: 'direction'; readonly values: readonly Direction[] }
    | { readonly field: 'method'; readonly values: readonly PaymentMethod[] }
    | { readonly field: 'phase'; readonly values: readonly number[] }
    | { readonly field: 'detailed'; readonly values: readonly string[] }
    | { readonly field: 'reason'; readonly categories: readonly FailureCategory[]; readonly codes: readonly string[] }
    | { readonly field: 'country'; readonly values: readonly string[] }
    | { readonly field: 'currency'; readonly values: readonly string[] }
    | { readonly field: 'bank'; readonly value: string }
    | { readonly field: 'amount'; readonly min: AmountBound | null; readonly max: AmountBound | null }
    | { readonly field: 'created'; readonly range: CreatedRange }
    | { readonly field: 'ref'; readonly value: string }
    | { readonly field: 'email'; readonly value: string }
    | { readonly field: 'name'; readonly value: string }
    | { readonly field: 'phone'; readonly digits: string }
    | { readonly field: 'card'; readonly last4: string }
  );

/**
 * How free text is read. References are always tried first (exact identifiers win);
 * `kind` says what to search when no reference matches.
 */
export type FreeTextKind =
  /** Shaped like our id or a provider's uuid: only exact references can match. */
  | 'uuid'
  /** A whole email address: exact match on the customer email. */
  | 'email'
  /** Part of an email (has @ but is not a full address): contains. */
  | 'email_part'
  /** Digits that look like a phone number. */
  | 'phone'
  /** Exactly four digits: a card's last four. */
  | 'card_last4'
  /** Anything else of 3+ characters: name or email contains. */
  | 'name'
  /** Shorter than 3 characters: only exact references are looked up. */
  | 'too_short';

export interface FreeText {
  readonly raw: string;
  readonly kind: FreeTextKind;
  /** Lower-cased, accent-free form for name search; digits only for phones. */
  readonly normalized: string;
}

export interface SearchQuery {
  readonly filters: readonly SearchFilter[];
  readonly text: FreeText | null;
}

export interface SearchError {
  readonly message: string;
  /** The offending piece of the query, as typed. */
  readonly token: string;
  /** Where it starts and ends in the query string (end exclusive). */
  readonly start: number;
  readonly end: number;
}

export type ParseResult = { readonly ok: true; readonly query: SearchQuery } | { readonly ok: false; readonly errors: readonly SearchError[] };

export const MAX_SEARCH_LENGTH = 500;

// ---------------------------------------------------------------------------
// Tokens

export interface SearchToken {
  /** The token exactly as typed, quotes included. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  /** Set for `field:value` tokens (field lower-cased as typed, known or not). */
  readonly field: string | null;
  readonly negated: boolean;
  /** The value without surrounding quotes; for free text the text itself. */
  readonly value: string;
  readonly isQuoted: boolean;
  /** Set when the token itself is malformed (an unclosed quote). */
  readonly problem: string | null;
}

const FIELD_PREFIX = /^(-?)([A-Za-z]+):/;

/**
 * Splits a query into tokens: words, "quoted phrases" and field:value pairs whose value
 * may be quoted (name:"maria garcia"). Never throws; malformed tokens carry a problem.
 */
export function tokenizeSearch(input: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i += 1;
      continue;
    }
    const start = i;
    const prefix = FIELD_PREFIX.exec(input.slice(i));
    let field: string | null = null;
    let negated = false;
    if (prefix) {
      negated = prefix[1] === '-';
      field = prefix[2]!.toLowerCase();
      i += prefix[0].length;
    }
    let value: string;
    let isQuoted = false;
    let problem: string | null = null;
    if (input[i] === '"') {
      isQuoted = true;
      const close = input.indexOf('"', i + 1);
      if (close < 0) {
        value = input.slice(i + 1);
        problem = 'This quote is never closed: add a closing ".';
        i = input.length;
      } else {
        value = input.slice(i + 1, close);
        i = close + 1;
      }
    } else {
      let end = i;
      while (end < input.length && !/\s/.test(input[end]!)) end += 1;
      value = input.slice(i, end);
      i = end;
    }
    tokens.push({ raw: input.slice(start, i), start, end: i, field, negated, value, isQuoted, problem });
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Parsing

type FieldParse = { filter: SearchFilter } | { error: string };

function splitList(value: string): string[] | null {
  const parts = value.split(',').map((part) => part.trim());
  return parts.some((part) => part.length === 0) ? null : parts;
}

function compact(value: string): string {
  return value.toLowerCase().replace(/[\s_-]/g, '');
}

function pickEnum<T extends string>(
  field: SearchField,
  value: string,
  allowed: readonly T[],
  describe: (v: T) => string,
): { values: T[] } | { error: string } {
  const parts = splitList(value);
  if (!parts) return { error: `${field}: has an empty value; separate values with commas, e.g. ${field}:${allowed.slice(0, 2).join(',')}` };
  const values: T[] = [];
  for (const part of parts) {
    const found = allowed.find((candidate) => compact(candidate) === compact(part) || compact(describe(candidate)) === compact(part));
    if (!found) return { error: `${field}:${part} is not known. Use one of: ${allowed.map((a) => a.toLowerCase()).join(', ')}.` };
    if (!values.includes(found)) values.push(found);
  }
  return { values };
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Compares two non-negative decimal strings exactly: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [aInt = '0', aFrac = ''] = a.split('.');
  const [bInt = '0', bFrac = ''] = b.split('.');
  const ai = aInt.replace(/^0+(?=\d)/, '');
  const bi = bInt.replace(/^0+(?=\d)/, '');
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(aFrac.length, bFrac.length);
  const af = aFrac.padEnd(width, '0');
  const bf = bFrac.padEnd(width, '0');
  return af === bf ? 0 : af < bf ? -1 : 1;
}

function parseAmount(value: string): FieldParse {
  const hint = 'Write amounts in currency units with a dot for decimals, e.g. amount:>100, amount:<=25.50 or amount:100..200.';
  const comparison = /^(>=|<=|>|<)(.*)$/.exec(value);
  if (comparison) {
    const [, op, number = ''] = comparison;
    if (!DECIMAL.test(number)) return { error: `amount:${value} is not an amount. ${hint}` };
    const bound = { value: number, inclusive: op!.endsWith('=') };
    return { filter: { field: 'amount', negated: false, min: op!.startsWith('>') ? bound : null, max: op!.startsWith('<') ? bound : null } };
  }
  if (value.includes('..')) {
    const [low = '', high = '', ...rest] = value.split('..');
    if (rest.length > 0 || (low === '' && high === '')) return { error: `amount:${value} is not a range. ${hint}` };
    if ((low !== '' && !DECIMAL.test(low)) || (high !== '' && !DECIMAL.test(high))) return { error: `amount:${value} is not a range. ${hint}` };
    if (low !== '' && high !== '' && compareDecimals(low, high) > 0) return { error: `amount:${value} starts above where it ends; write the smaller amount first.` };
    return {
      filter: {
        field: 'amount',
        negated: false,
        min: low === '' ? null : { value: low, inclusive: true },
        max: high === '' ? null : { value: high, inclusive: true },
      },
    };
  }
  if (!DECIMAL.test(value)) return { error: `amount:${value} is not an amount. ${hint}` };
  const bound = { value, inclusive: true };
  return { filter: { field: 'amount', negated: false, min: bound, max: bound } };
}

function parseCreated(value: string): FieldParse {
  const hint = 'Use a day (2026-11-01), a range (2026-11-01..2026-11-07), today, yesterday, 7d or 12h.';
  const lower = value.toLowerCase();
  if (lower === 'today') return { filter: { field: 'created', negated: false, range: { kind: 'today' } } };
  if (lower === 'yesterday') return { filter: { field: 'created', negated: false, range: { kind: 'yesterday' } } };
  const relative = /^(\d{1,4})([dh])$/.exec(lower);
  if (relative) {
    const amount = Number(relative[1]);
    if (amount < 1) return { error: `created:${value} must count at least one ${relative[2] === 'd' ? 'day' : 'hour'}.` };
    return { filter: { field: 'created', negated: false, range: { kind: 'last', amount, unit: relative[2] as 'd' | 'h' } } };
  }
  const [from = '', to, ...rest] = value.split('..');
  if (rest.length > 0) return { error: `created:${value} is not a date range. ${hint}` };
  if (to === undefined) {
    if (!isIsoDay(from)) return { error: `created:${value} is not a day. ${hint}` };
    return { filter: { field: 'created', negated: false, range: { kind: 'days', from, to: from } } };
  }
  if (from === '' && to === '') return { error: `created:${value} is not a date range. ${hint}` };
  for (const day of [from, to]) {
    if (day !== '' && !isIsoDay(day)) return { error: `created:${value} has "${day}", which is not a day written YYYY-MM-DD.` };
  }
  if (from !== '' && to !== '' && from > to) return { error: `created:${value} ends before it starts; write the earlier day first.` };
  return { filter: { field: 'created', negated: false, range: { kind: 'days', from: from || null, to: to || null } } };
}

function parseReason(value: string): FieldParse {
  const parts = splitList(value);
  if (!parts) return { error: 'reason: has an empty value; separate values with commas.' };
  const categories: FailureCategory[] = [];
  const codes: string[] = [];
  for (const part of parts) {
    const category = FAILURE_CATEGORIES.find(
      (c) => compact(c) === compact(part) || compact(FAILURE_CATEGORY_LABELS[c]) === compact(part),
    );
    if (category) {
      if (!categories.includes(category)) categories.push(category);
    } else if (/^[A-Za-z0-9_.-]{1,64}$/.test(part)) {
      if (!codes.includes(part)) codes.push(part);
    } else {
      return { error: `reason:${part} is neither a failure category nor a provider code.` };
    }
  }
  return { filter: { field: 'reason', negated: false, categories, codes } };
}

function parseField(field: SearchField, value: string): FieldParse {
  switch (field) {
    case 'provider': {
      const result = pickEnum(field, value, PROVIDERS, (p) => PROVIDER_LABELS[p]);
      return 'error' in result ? result : { filter: { field, negated: false, values: result.values } };
    }
    case 'status': {
      const result = pickEnum(field, value, UNIFIED_STATUSES, (s) => UNIFIED_STATUS_LABELS[s]);
      return 'error' in result ? result : { filter: { field, negated: false, values: result.values } };
    }
    case 'direction': {
      const result = pickEnum(field, value, DIRECTIONS, (d) => DIRECTION_LABELS[d]);
      return 'error' in result ? result : { filter: { field, negated: false, values: result.values } };
    }
    case 'method': {
      const result = pickEnum(field, value, PAYMENT_METHODS, (m) => METHOD_LABELS[m]);
      return 'error' in result ? result : { filter: { field, negated: false, values: result.values } };
    }
    case 'phase': {
      const parts = splitList(value);
      const phases = parts?.map((part) => (/^[1-7]$/.test(part) ? Number(part) : null));
      if (!phases || phases.some((p) => p === null)) return { error: `phase:${value} is not a Kashimi phase; use a number from 1 to 7.` };
      return { filter: { field, negated: false, values: [...new Set(phases as number[])] } };
    }
    case 'detailed': {
      const parts = splitList(value);
      if (!parts || parts.some((part) => !/^[A-Za-z0-9_.-]{1,100}$/.test(part))) {
        return { error: `detailed:${value} is not a status code; codes are letters, digits and underscores.` };
      }
      return { filter: { field, negated: false, values: [...new Set(parts.map((part) => part.toUpperCase()))] } };
    }
    case 'reason':
      return parseReason(value);
    case 'country': {
      const parts = splitList(value);
      if (!parts || parts.some((part) => !/^[A-Za-z]{2}$/.test(part))) return { error: `country:${value} is not a two-letter country code such as BR.` };
      return { filter: { field, negated: false, values: [...new Set(parts.map((part) => part.toUpperCase()))] } };
    }
    case 'currency': {
      const parts = splitList(value);
      if (!parts || parts.some((part) => !/^[A-Za-z]{3}$/.test(part))) return { error: `currency:${value} is not a three-letter currency code such as EUR.` };
      return { filter: { field, negated: false, values: [...new Set(parts.map((part) => part.toUpperCase()))] } };
    }
    case 'bank':
      if (value.trim().length < 2) return { error: 'bank: needs at least 2 characters (a bank id, or 3+ characters of its name).' };
      return { filter: { field, negated: false, value: value.trim() } };
    case 'amount':
      return parseAmount(value);
    case 'created':
      return parseCreated(value);
    case 'ref':
      return { filter: { field, negated: false, value: value.trim() } };
    case 'email': {
      const email = value.trim().toLowerCase();
      if (email.length < 3) return { error: 'email: needs at least 3 characters.' };
      return { filter: { field, negated: false, value: email } };
    }
    case 'name': {
      const name = normalizeForSearch(value);
      if (name.length < 3) return { error: 'name: needs at least 3 characters.' };
      return { filter: { field, negated: false, value: name } };
    }
    case 'phone': {
      const digits = value.replace(/\D/g, '');
      if (!/^\+?[\d\s().-]+$/.test(value) || digits.length < 6) return { error: `phone:${value} is not a phone number; give at least 6 digits.` };
      return { filter: { field, negated: false, digits } };
    }
    case 'card':
      if (!/^\d{4}$/.test(value)) return { error: `card:${value} must be the card’s last four digits, e.g. card:4242.` };
      return { filter: { field, negated: false, last4: value } };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the text has the shape of a uuid (our payment ids); lets the database use the id index safely. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

const FULL_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]+$/;

/** Reads free text by its shape; references are always tried before this applies. */
export function classifyFreeText(raw: string): FreeText {
  const text = raw.trim();
  if (isUuid(text)) return { raw: text, kind: 'uuid', normalized: text.toLowerCase() };
  if (text.includes('@')) {
    const lower = text.toLowerCase();
    if (FULL_EMAIL.test(lower)) return { raw: text, kind: 'email', normalized: lower };
    return { raw: text, kind: lower.length >= 3 ? 'email_part' : 'too_short', normalized: lower };
  }
  if (/^\d{4}$/.test(text)) return { raw: text, kind: 'card_last4', normalized: text };
  const digits = text.replace(/\D/g, '');
  if (PHONE.test(text) && digits.length >= 7) return { raw: text, kind: 'phone', normalized: digits };
  const normalized = normalizeForSearch(text);
  return { raw: text, kind: normalized.length >= 3 ? 'name' : 'too_short', normalized };
}

// Fields that make no sense twice with AND (status:failed status:completed finds nothing);
// amount and created may repeat, e.g. amount:>10 amount:<20.
const REPEATABLE: ReadonlySet<SearchField> = new Set(['amount', 'created']);

/** Parses a search; every problem is reported with its position, none is silently ignored. */
export function parseSearchQuery(input: string): ParseResult {
  const errors: SearchError[] = [];
  if (input.length > MAX_SEARCH_LENGTH) {
    return { ok: false, errors: [{ message: `The search is too long (at most ${MAX_SEARCH_LENGTH} characters).`, token: '', start: 0, end: input.length }] };
  }
  const filters: SearchFilter[] = [];
  const words: string[] = [];
  const seen = new Set<SearchField>();
  for (const token of tokenizeSearch(input)) {
    const fail = (message: string) => errors.push({ message, token: token.raw, start: token.start, end: token.end });
    if (token.problem) {
      fail(token.problem);
      continue;
    }
    if (token.field === null) {
      if (!token.isQuoted && token.value.startsWith('-') && token.value.length > 1) {
        fail(`"${token.value}": a leading - negates a field filter only, e.g. -status:failed. Put text that starts with - in quotes.`);
        continue;
      }
      if (token.value.length > 0) words.push(token.value);
      continue;
    }
    if (!isSearchField(token.field)) {
      fail(`Unknown field "${token.field}:". Fields are ${SEARCH_FIELDS.join(', ')}. To search for text with a colon, put it in quotes.`);
      continue;
    }
    if (token.value.trim().length === 0) {
      fail(`${token.field}: needs a value, e.g. ${SEARCH_FIELD_HELP.find((h) => h.field === token.field)?.examples[0] ?? ''}.`);
      continue;
    }
    if (!token.negated && !REPEATABLE.has(token.field)) {
      if (seen.has(token.field)) {
        fail(`${token.field}: is given twice. To match any of several values, list them once with commas: ${token.field}:a,b.`);
        continue;
      }
      seen.add(token.field);
    }
    const parsed = parseField(token.field, token.value);
    if ('error' in parsed) {
      fail(parsed.error);
      continue;
    }
    filters.push({ ...parsed.filter, negated: token.negated });
  }
  if (errors.length > 0) return { ok: false, errors };
  const freeText = words.join(' ').trim();
  return { ok: true, query: { filters, text: freeText.length > 0 ? classifyFreeText(freeText) : null } };
}

// ---------------------------------------------------------------------------
// Editing a query from filter controls, chips and saved views

function quoteIfNeeded(value: string): string {
  return /[\s"]/.test(value) || value.length === 0 ? `"${value.replace(/"/g, '')}"` : value;
}

/** One `field:value` token as the grammar reads it. */
export function formatFieldToken(field: SearchField, value: string, negated = false): string {
  return `${negated ? '-' : ''}${field}:${quoteIfNeeded(value)}`;
}

// An unclosed quote would swallow whatever a control appends after it, so it is closed.
function rawOf(token: SearchToken): string {
  return token.problem ? `${token.raw}"` : token.raw;
}

/**
 * Replaces the positive filter on `field` (or removes it when `value` is null), keeping
 * every other token exactly as typed, so controls and typing never fight over the text.
 */
export function setFieldInQuery(input: string, field: SearchField, value: string | null): string {
  const kept = tokenizeSearch(input)
    .filter((token) => !(token.field === field && !token.negated))
    .map(rawOf);
  if (value !== null && value.length > 0) kept.push(formatFieldToken(field, value));
  return kept.join(' ');
}

/** The raw value of the positive filter on `field`, when there is one. */
export function fieldValueInQuery(input: string, field: SearchField): string | null {
  const token = tokenizeSearch(input).find((t) => t.field === field && !t.negated);
  return token ? token.value : null;
}

/** Removes the token that starts at `start` (a chip's delete button). */
export function removeTokenAt(input: string, start: number): string {
  return tokenizeSearch(input)
    .filter((token) => token.start !== start)
    .map(rawOf)
    .join(' ');
}

/** A short sentence for a filter, for chips: "Status is not Failed". */
export function describeFilter(filter: SearchFilter): string {
  const is = filter.negated ? 'is not' : 'is';
  const list = (values: readonly string[]) => values.join(' or ');
  switch (filter.field) {
    case 'provider':
      return `Provider ${is} ${list(filter.values.map((v) => PROVIDER_LABELS[v]))}`;
    case 'status':
      return `Status ${is} ${list(filter.values.map((v) => UNIFIED_STATUS_LABELS[v]))}`;
    case 'direction':
      return `Direction ${is} ${list(filter.values.map((v) => DIRECTION_LABELS[v]))}`;
    case 'method':
      return `Method ${is} ${list(filter.values.map((v) => METHOD_LABELS[v]))}`;
    case 'phase':
      return `Kashimi phase ${is} ${list(filter.values.map(String))}`;
    case 'detailed':
      return `Provider status ${is} ${list(filter.values)}`;
    case 'reason':
      return `Reason ${is} ${list([...filter.categories.map((c) => FAILURE_CATEGORY_LABELS[c]), ...filter.codes])}`;
    case 'country':
      return `Country ${is} ${list(filter.values)}`;
    case 'currency':
      return `Currency ${is} ${list(filter.values)}`;
    case 'bank':
      return `Bank ${filter.negated ? 'does not match' : 'matches'} ${filter.value}`;
    case 'amount': {
      const parts: string[] = [];
      if (filter.min && filter.max && filter.min.value === filter.max.value) parts.push(`= ${filter.min.value}`);
      else {
        if (filter.min) parts.push(`${filter.min.inclusive ? '≥' : '>'} ${filter.min.value}`);
        if (filter.max) parts.push(`${filter.max.inclusive ? '≤' : '<'} ${filter.max.value}`);
      }
      return `${filter.negated ? 'Not amount' : 'Amount'} ${parts.join(' and ')}`;
    }
    case 'created': {
      const range = filter.range;
      const text =
        range.kind === 'today'
          ? 'today'
          : range.kind === 'yesterday'
            ? 'yesterday'
            : range.kind === 'last'
              ? `in the last ${range.amount} ${range.unit === 'd' ? 'day' : 'hour'}${range.amount === 1 ? '' : 's'}`
              : range.from && range.to && range.from === range.to
                ? `on ${range.from}`
                : `${range.from ? `from ${range.from}` : ''}${range.from && range.to ? ' ' : ''}${range.to ? `to ${range.to}` : ''}`;
      return `${filter.negated ? 'Not created' : 'Created'} ${text}`;
    }
    case 'ref':
      return `Reference ${is} ${filter.value}`;
    case 'email':
      return `Email ${filter.negated ? 'does not contain' : 'contains'} ${filter.value}`;
    case 'name':
      return `Name ${filter.negated ? 'does not contain' : 'contains'} ${filter.value}`;
    case 'phone':
      return `Phone ${filter.negated ? 'does not match' : 'matches'} ${filter.digits}`;
    case 'card':
      return `Card ${filter.negated ? 'does not end' : 'ends'} in ${filter.last4}`;
  }
}

// ---------------------------------------------------------------------------
// Time ranges

/** The instants a creation range covers: from inclusive, to exclusive; either may be open. */
export function resolveCreatedRange(range: CreatedRange, now: Date, timeZone: string): { from: Date | null; to: Date | null } {
  const today = dayInZone(now, timeZone);
  switch (range.kind) {
    case 'today':
      return { from: startOfDayInZone(today, timeZone), to: startOfDayInZone(nextDay(today), timeZone) };
    case 'yesterday': {
      const [year, month, date] = today.split('-').map(Number) as [number, number, number];
      const yesterday = new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
      return { from: startOfDayInZone(yesterday, timeZone), to: startOfDayInZone(today, timeZone) };
    }
    case 'last':
      if (range.unit === 'h') return { from: new Date(now.getTime() - range.amount * 3_600_000), to: null };
      {
        // "7d" is today and the six calendar days before it, whole days in the business zone.
        const [year, month, date] = today.split('-').map(Number) as [number, number, number];
        const first = new Date(Date.UTC(year, month - 1, date - (range.amount - 1))).toISOString().slice(0, 10);
        return { from: startOfDayInZone(first, timeZone), to: null };
      }
    case 'days':
      return {
        from: range.from ? startOfDayInZone(range.from, timeZone) : null,
        to: range.to ? startOfDayInZone(nextDay(range.to), timeZone) : null,
      };
  }
}

/** Moves the decimal point of a non-negative decimal string `places` to the right, exactly ("12.5", 2 → "1250"). */
export function shiftDecimal(value: string, places: number): string {
  const [int = '0', frac = ''] = value.split('.');
  const digits = int + frac.padEnd(places, '0');
  const point = int.length + places;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const rest = digits.slice(point).replace(/0+$/, '');
  return rest.length > 0 ? `${whole}.${rest}` : whole;
}
