import {
  currenciesWithUnusualExponent,
  currencyExponent,
  isUuid,
  resolveCreatedRange,
  shiftDecimal,
  type AmountBound,
  type FreeText,
  type SearchFilter,
  type SearchQuery,
} from '@paydesk/domain';
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { executePrepared } from '../prepared-statements.ts';
import type { Database, PaymentsTable } from '../schema/index.ts';
import { escapeLike } from './audit-log.ts';

// Payment search in the shapes PERFORMANCE.md measured: exact references in one OR over
// indexed columns (our uuid only when the text has a uuid's shape), contains on pg_trgm
// GIN indexes from 3 characters, keyset pagination with a microsecond cursor, and counts
// capped by a LIMIT inside the count.

type Db = Kysely<Database> | Transaction<Database>;
type Condition = RawBuilder<SqlBool>;

export type PaymentSort = 'created_desc' | 'created_asc' | 'amount_desc' | 'amount_asc';
export const PAYMENT_SORTS = ['created_desc', 'created_asc', 'amount_desc', 'amount_asc'] as const satisfies readonly PaymentSort[];

/** Where the rows of a free-text search came from; 'reference' means an exact identifier matched. */
export type TextMatch = 'none' | 'reference' | 'search';

export interface PaymentSearch {
  query: SearchQuery;
  /** Relative ranges (today, 7d) resolve against this instant in this zone. */
  now: Date;
  timeZone: string;
}

/** Keyset position: the sort key of the last row seen (created_at as text, or amount) and its id. */
export interface PaymentCursor {
  key: string | number;
  id: string;
}

/**
 * The columns of the results table, and no more: a page is 50 rows, and every column is
 * decoded, parsed and sent 50 times (a page of the wider set below cost the API ~40 % more
 * CPU). Personal data is masked by the API for roles that need it.
 */
export const PAYMENT_TABLE_COLUMNS = [
  'id',
  'provider',
  'direction',
  'method',
  'provider_payment_id',
  'merchant_reference',
  'amount_minor',
  'currency',
  'country',
  'bank_name',
  'customer_name',
  'customer_email',
  'card_bin',
  'card_last4',
  'status',
  'provider_status',
  'detailed_status',
  'failure_category',
  'failure_codes',
  'created_at',
] as const satisfies readonly (keyof PaymentsTable)[];

/** What the CSV export writes: the table's columns and the other references, contacts and times. */
export const PAYMENT_EXPORT_COLUMNS = [
  ...PAYMENT_TABLE_COLUMNS,
  'provider_reference',
  'payment_reference',
  'customer_phone',
  'customer_document',
  'phase',
  'updated_at',
] as const satisfies readonly (keyof PaymentsTable)[];

/** Whether a person recorded the outcome: the table shows a mark, the resolution itself is the detail's. */
const IS_MANUALLY_RESOLVED = sql<boolean>`manual_resolution IS NOT NULL`.as('is_manually_resolved');

type WithResolutionMark = { is_manually_resolved: boolean };
export type PaymentTableRow = Pick<Selectable<PaymentsTable>, (typeof PAYMENT_TABLE_COLUMNS)[number]> & WithResolutionMark;
export type PaymentExportRow = Pick<Selectable<PaymentsTable>, (typeof PAYMENT_EXPORT_COLUMNS)[number]> & WithResolutionMark;

/** Which columns a page carries: the results table's, or the export's wider set. */
export type PageShape = 'table' | 'export';
type RowOf<S extends PageShape> = (S extends 'export' ? PaymentExportRow : PaymentTableRow) & { cursor_key: string | number };

function columnsOf(shape: PageShape | undefined): readonly (keyof PaymentsTable)[] {
  return shape === 'export' ? PAYMENT_EXPORT_COLUMNS : PAYMENT_TABLE_COLUMNS;
}

const FALSE = sql<SqlBool>`false`;

function anyOf(column: string, values: readonly (string | number)[]): Condition {
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join(values)})`;
}

function or(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

/** Any exact identifier: our id (uuid-shaped text only), provider ids and references. */
export function referenceCondition(text: string): Condition {
  const value = text.trim();
  // Provider uuids are stored as sent (lower case); a pasted upper-case one still matches.
  const values = isUuid(value) ? [...new Set([value, value.toLowerCase()])] : [value];
  const branches: Condition[] = [];
  if (isUuid(value)) branches.push(sql<SqlBool>`id = ${value.toLowerCase()}::uuid`);
  for (const column of ['provider_payment_id', 'provider_reference', 'merchant_reference', 'payment_reference']) {
    branches.push(anyOf(column, values));
  }
  return or(branches);
}

function containsCondition(column: string, term: string): Condition {
  return sql<SqlBool>`${sql.ref(column)} LIKE ${`%${escapeLike(term)}%`}`;
}

/** Phone numbers are stored as digits with a leading + when given; people type them with or without the country code. */
function phoneCondition(digits: string): Condition {
  return sql<SqlBool>`(customer_phone IN (${digits}, ${`+${digits}`}) OR customer_phone LIKE ${`%${digits}`})`;
}

const FULL_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailCondition(email: string): Condition {
  return FULL_EMAIL.test(email) ? sql<SqlBool>`customer_email = ${email}` : containsCondition('customer_email', email);
}

/** What free text matches once no exact reference did. */
function freeTextCondition(text: FreeText): Condition {
  switch (text.kind) {
    case 'email':
      return sql<SqlBool>`customer_email = ${text.normalized}`;
    case 'email_part':
      return containsCondition('customer_email', text.normalized);
    case 'phone':
      return phoneCondition(text.normalized);
    case 'card_last4':
      return sql<SqlBool>`card_last4 = ${text.normalized}`;
    case 'name':
      return or([containsCondition('customer_name_search', text.normalized), containsCondition('customer_email', text.raw.trim().toLowerCase())]);
    case 'uuid':
    case 'too_short':
      return FALSE;
  }
}

const UNUSUAL_EXPONENTS = Object.entries(currenciesWithUnusualExponent()).reduce<Map<number, string[]>>((groups, [code, exponent]) => {
  groups.set(exponent, [...(groups.get(exponent) ?? []), code]);
  return groups;
}, new Map());

/**
 * An amount typed in currency units, as minor units of each row's own currency: exact
 * decimal text compared as numeric, never a float. With one currency in the query it is a
 * plain number the amount index can use.
 */
function amountThreshold(value: string, currencies: readonly string[] | null): RawBuilder<number> {
  const literal = (minor: string) => (/^\d{1,15}$/.test(minor) ? sql<number>`${minor}::bigint` : sql<number>`${minor}::numeric`);
  if (currencies && currencies.length === 1) return literal(shiftDecimal(value, currencyExponent(currencies[0]!)));
  const branches = [...UNUSUAL_EXPONENTS].map(
    ([exponent, codes]) => sql`WHEN currency IN (${sql.join(codes)}) THEN ${shiftDecimal(value, exponent)}::numeric`,
  );
  return sql<number>`(CASE ${sql.join(branches, sql` `)} ELSE ${shiftDecimal(value, 2)}::numeric END)`;
}

function amountCondition(min: AmountBound | null, max: AmountBound | null, currencies: readonly string[] | null): Condition {
  const parts: Condition[] = [];
  if (min) parts.push(sql<SqlBool>`amount_minor ${sql.raw(min.inclusive ? '>=' : '>')} ${amountThreshold(min.value, currencies)}`);
  if (max) parts.push(sql<SqlBool>`amount_minor ${sql.raw(max.inclusive ? '<=' : '<')} ${amountThreshold(max.value, currencies)}`);
  return parts.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

function filterCondition(filter: SearchFilter, search: PaymentSearch, currencies: readonly string[] | null): Condition {
  switch (filter.field) {
    case 'provider':
    case 'status':
    case 'direction':
    case 'method':
    case 'phase':
    case 'country':
    case 'currency':
      return anyOf(filter.field, filter.values);
    case 'detailed':
      // Matches the expression index payments_provider_state_created_idx.
      return sql<SqlBool>`upper(coalesce(detailed_status, provider_status)) IN (${sql.join(filter.values)})`;
    case 'reason': {
      const branches: Condition[] = [];
      if (filter.categories.length > 0) branches.push(anyOf('failure_category', filter.categories));
      if (filter.codes.length > 0) {
        // Codes are kept as the provider sent them; Kashimi's are upper case, Kasha's digits.
        const codes = [...new Set(filter.codes.flatMap((code) => [code, code.toUpperCase()]))];
        branches.push(sql<SqlBool>`failure_codes && ARRAY[${sql.join(codes)}]::text[]`);
      }
      return or(branches);
    }
    case 'bank':
      return filter.value.length >= 3
        ? or([sql<SqlBool>`bank_id = ${filter.value}`, sql<SqlBool>`bank_name ILIKE ${`%${escapeLike(filter.value)}%`}`])
        : sql<SqlBool>`bank_id = ${filter.value}`;
    case 'amount':
      return amountCondition(filter.min, filter.max, currencies);
    case 'created': {
      const { from, to } = resolveCreatedRange(filter.range, search.now, search.timeZone);
      const parts: Condition[] = [];
      if (from) parts.push(sql<SqlBool>`created_at >= ${from}`);
      if (to) parts.push(sql<SqlBool>`created_at < ${to}`);
      return parts.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
    }
    case 'ref':
      return referenceCondition(filter.value);
    case 'email':
      return emailCondition(filter.value);
    case 'name':
      return containsCondition('customer_name_search', filter.value);
    case 'phone':
      return phoneCondition(filter.digits);
    case 'card':
      return sql<SqlBool>`card_last4 = ${filter.last4}`;
  }
}

/** The single positive currency list of a query, when there is one (amounts then convert exactly). */
function currenciesOf(query: SearchQuery): readonly string[] | null {
  const filter = query.filters.find((f) => f.field === 'currency' && !f.negated);
  return filter && filter.field === 'currency' ? filter.values : null;
}

function filterConditions(search: PaymentSearch): Condition[] {
  const currencies = currenciesOf(search.query);
  return search.query.filters.map((filter) => {
    const condition = filterCondition(filter, search, currencies);
    // NULL columns (no country, no bank) count as "not that value" when negated.
    return filter.negated ? sql<SqlBool>`NOT coalesce(${condition}, false)` : condition;
  });
}

function all(conditions: readonly Condition[]): Condition {
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

export interface ResolvedSearch {
  /** Every condition, the free text included. */
  where: Condition;
  match: TextMatch;
  /** A substring (pg_trgm) condition is part of it: see listPaymentPage. */
  hasContains: boolean;
  /**
   * Led by an exact identifier (a reference, a full email), whose index finds a handful of
   * rows whatever the value: its page can be a prepared statement with one generic plan
   * (prepared-statements.ts). Filters alone or substrings are planned for their values.
   */
  isExactLookup: boolean;
}

const CONTAINS_TEXT_KINDS: ReadonlySet<FreeText['kind']> = new Set(['email_part', 'name', 'phone']);

function filtersHaveContains(filters: readonly SearchFilter[]): boolean {
  return filters.some(
    (filter) =>
      filter.field === 'name' ||
      filter.field === 'phone' ||
      (filter.field === 'bank' && filter.value.length >= 3) ||
      (filter.field === 'email' && !FULL_EMAIL.test(filter.value)),
  );
}

/**
 * Decides what free text means: when an exact identifier matches (within the filters),
 * only those payments are the answer; otherwise the text is searched by its shape. One
 * indexed probe, so search, count and export all agree.
 */
export async function resolvePaymentSearch(db: Db, search: PaymentSearch): Promise<ResolvedSearch> {
  const readings = readingsOf(search);
  if (readings.length === 1) return readings[0]!;
  const [byReference, byShape] = readings as [ResolvedSearch, ResolvedSearch];
  const probe = await db.selectFrom('payments').select(sql<number>`1`.as('found')).where(byReference.where).limit(1).executeTakeFirst();
  return probe ? byReference : byShape;
}

/**
 * What a search can mean: without free text, its filters alone; with it, first the text as
 * an exact reference, then the text read by its shape (the caller decides which holds).
 */
function readingsOf(search: PaymentSearch): [ResolvedSearch] | [ResolvedSearch, ResolvedSearch] {
  const filters = filterConditions(search);
  const filtersContain = filtersHaveContains(search.query.filters);
  const text = search.query.text;
  if (!text) return [{ where: all(filters), match: 'none', hasContains: filtersContain, isExactLookup: false }];
  return [
    { where: all([...filters, referenceCondition(text.raw)]), match: 'reference', hasContains: filtersContain, isExactLookup: !filtersContain },
    {
      where: all([...filters, freeTextCondition(text)]),
      match: 'search',
      hasContains: filtersContain || CONTAINS_TEXT_KINDS.has(text.kind),
      isExactLookup: !filtersContain && text.kind === 'email',
    },
  ];
}

/**
 * The first page of a search, with what its free text was taken to mean. The exact-reference
 * reading is tried as the page query itself, so a lookup by reference (the commonest search)
 * costs one query instead of a probe and then the page; only when it finds nothing does the
 * text get searched by its shape. Later pages resolve first: a page past the last reference
 * match is empty without meaning that nothing matched.
 */
export async function listFirstPaymentPage(
  db: Db,
  search: PaymentSearch,
  page: { sort: PaymentSort; limit: number },
): Promise<{ resolved: ResolvedSearch; rows: Array<RowOf<'table'>> }> {
  const readings = readingsOf(search);
  for (const resolved of readings.slice(0, -1)) {
    const rows = await listPaymentPage(db, resolved, page);
    if (rows.length > 0) return { resolved, rows };
  }
  const resolved = readings.at(-1)!;
  return { resolved, rows: await listPaymentPage(db, resolved, page) };
}

function sortParts(sort: PaymentSort): { column: 'created_at' | 'amount_minor'; direction: 'asc' | 'desc'; cursorKey: RawBuilder<string | number> } {
  switch (sort) {
    case 'created_desc':
      return { column: 'created_at', direction: 'desc', cursorKey: sql<string>`created_at::text` };
    case 'created_asc':
      return { column: 'created_at', direction: 'asc', cursorKey: sql<string>`created_at::text` };
    case 'amount_desc':
      return { column: 'amount_minor', direction: 'desc', cursorKey: sql<number>`amount_minor` };
    case 'amount_asc':
      return { column: 'amount_minor', direction: 'asc', cursorKey: sql<number>`amount_minor` };
  }
}

function afterCondition(sort: PaymentSort, after: PaymentCursor): Condition {
  const { column, direction } = sortParts(sort);
  const op = sql.raw(direction === 'desc' ? '<' : '>');
  // The tie-breaker is in both the ORDER BY and the cursor, so no row is skipped or repeated.
  const key = column === 'created_at' ? sql`${String(after.key)}::timestamptz` : sql`${Number(after.key)}::bigint`;
  return sql<SqlBool>`(${sql.ref(column)}, id) ${op} (${key}, ${after.id}::uuid)`;
}

/**
 * How a substring search sorted by time finds its page. A trigram index returns matches in
 * no order, so a common term ("silva", ~1 % of payments) would have it hand back ten
 * thousand rows to sort for one page; walking the newest payments in order finds a page of
 * it within a few thousand rows and stops there. A rare term is the opposite: the walk
 * finds almost nothing (0.5 µs a row at 1M, 11 ms for 20,000 rows) while the index reads
 * just its few hundred matches (~2 ms). So the walk starts short, and what it found there
 * says which way to go on (decision 005).
 */
export interface RecentWindows {
  /** The first, short walk over the newest payments. */
  first: number;
  /** How far the walk may go in all before the trigram index takes over. */
  total: number;
  /** Below this many matches in the whole table (estimated from the first walk), the index is cheaper than walking on. */
  indexBelowMatches: number;
}

export const RECENT_WINDOWS_FOR_CONTAINS: RecentWindows = { first: 3_000, total: 20_000, indexBelowMatches: 3_000 };

/**
 * After the first walk found `found` matches (less than a page) among `first` rows: go
 * straight to the index when the term looks rare across the table, else walk on. The rate
 * seen in the window, scaled to the table, estimates the matches the index would read:
 * 2 µs each against 0.5 µs per row walked, which crosses at ~3,000 matches at 1M payments
 * (docs/benchmarks.md, session 6).
 */
export function shouldAskIndexAfterFirstWindow(found: number, windows: RecentWindows, tableRows: number): boolean {
  const estimatedMatches = (found / windows.first) * Math.max(tableRows, windows.first);
  return estimatedMatches < windows.indexBelowMatches;
}

interface PageRequest<S extends PageShape = PageShape> {
  /** The results table's columns unless the export's are asked for. */
  shape?: S;
  sort: PaymentSort;
  after?: PaymentCursor | undefined;
  limit: number;
  /** How a substring search sorted by time walks the newest payments; null asks the planner's plain query (tests compare with it). */
  recentWindows?: RecentWindows | null;
  /** The table's size as PostgreSQL estimates it; tests set it to steer the choice after the first window. */
  tableRows?: number;
}

type ListRow = RowOf<PageShape>;

/** One page of matching payments in the chosen order, each with its cursor key. */
export async function listPaymentPage<S extends PageShape = 'table'>(db: Db, resolved: ResolvedSearch, page: PageRequest<S>): Promise<Array<RowOf<S>>> {
  const rows =
    resolved.hasContains && page.sort.startsWith('created_') && page.recentWindows !== null
      ? await pageFromRecentWalk(db, resolved, page, page.recentWindows ?? RECENT_WINDOWS_FOR_CONTAINS)
      : await pageInOrder(db, resolved, page);
  // Each query selected exactly the columns of page.shape (columnsOf).
  return rows as Array<RowOf<S>>;
}

function pageInOrder(db: Db, resolved: ResolvedSearch, page: PageRequest): Promise<ListRow[]> {
  const { column, direction, cursorKey } = sortParts(page.sort);
  let query = db
    .selectFrom('payments')
    .select(columnsOf(page.shape))
    .select(IS_MANUALLY_RESOLVED)
    // Full microsecond precision for the cursor; a JS Date would drop it.
    .select(cursorKey.as('cursor_key'))
    .where(resolved.where);
  if (page.after) query = query.where(afterCondition(page.sort, page.after));
  const ordered = query.orderBy(column, direction).orderBy('id', direction).limit(page.limit);
  return (resolved.isExactLookup ? executePrepared(db, ordered) : ordered.execute()) as Promise<ListRow[]>;
}

/**
 * Each step reads the next payments in the page's order, so the rows found so far are
 * always the page's first rows: a step that completes the page gives exactly what the whole
 * table would, and the next step starts after the last row found (the non-matches between
 * it and the end of the walk are read again: for a term common enough to walk on, the
 * last match is usually near the end of the first window). If filters narrow the matches,
 * the estimate counts them, while the index reads every row with the text: a common name
 * under a rare filter can make the index path read thousands of rows, as the single
 * 20,000-row window did before it once that window held less than a page.
 */
async function pageFromRecentWalk(db: Db, resolved: ResolvedSearch, page: PageRequest, windows: RecentWindows): Promise<ListRow[]> {
  const found = await pageFromRecentWindow(db, resolved, { ...page, window: windows.first });
  if (found.length >= page.limit) return found;
  const tableRows = found.length === 0 ? 0 : (page.tableRows ?? (await estimatedPaymentRows(db)));
  if (!shouldAskIndexAfterFirstWindow(found.length, windows, tableRows)) {
    const more = await pageFromRecentWindow(db, resolved, {
      shape: page.shape,
      sort: page.sort,
      after: cursorAfter(found, page.after),
      limit: page.limit - found.length,
      window: Math.max(windows.total - windows.first, 1),
    });
    found.push(...more);
    if (found.length >= page.limit) return found;
  }
  const rest = await pageFromIndexes(db, resolved, { shape: page.shape, sort: page.sort, after: cursorAfter(found, page.after), limit: page.limit - found.length });
  found.push(...rest);
  return found;
}

function cursorAfter(rows: readonly ListRow[], otherwise: PaymentCursor | undefined): PaymentCursor | undefined {
  const last = rows.at(-1);
  return last ? { key: last.cursor_key, id: last.id } : otherwise;
}

/** PostgreSQL's estimate of the payments table's size (-1 before it was first analyzed: then taken as small). */
async function estimatedPaymentRows(db: Db): Promise<number> {
  const row = await sql<{ rows: number }>`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'payments'::regclass`.execute(db);
  return Math.max(Number(row.rows[0]?.rows ?? 0), 0);
}

function pageFromRecentWindow(
  db: Db,
  resolved: ResolvedSearch,
  page: Pick<PageRequest, 'shape' | 'sort' | 'after' | 'limit'> & { window: number },
): Promise<ListRow[]> {
  const { column, direction, cursorKey } = sortParts(page.sort);
  let newest = db.selectFrom('payments').selectAll();
  if (page.after) newest = newest.where(afterCondition(page.sort, page.after));
  return db
    .selectFrom(newest.orderBy(column, direction).orderBy('id', direction).limit(page.window).as('payments'))
    .select(columnsOf(page.shape))
    .select(IS_MANUALLY_RESOLVED)
    .select(cursorKey.as('cursor_key'))
    .where(resolved.where)
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(page.limit)
    .execute() as Promise<ListRow[]>;
}

/**
 * A substring search's page once the window held less than a page: sorted on an expression
 * the time index cannot return in order, so PostgreSQL cannot choose to walk that index with
 * the pattern as a filter. Its estimate for a LIKE pattern is a guess; guessing "common" for
 * a rare email fragment walked 168,000 rows (100–140 ms) for a page at 1M payments, past the
 * window that had just shown the term to be rare. Left to the indexes that narrow the rows
 * (trigram, filters), it reads only the matches.
 */
function pageFromIndexes(db: Db, resolved: ResolvedSearch, page: Pick<PageRequest, 'shape' | 'sort' | 'after' | 'limit'>): Promise<ListRow[]> {
  const { direction, cursorKey } = sortParts(page.sort);
  let query = db
    .selectFrom('payments')
    .select(columnsOf(page.shape))
    .select(IS_MANUALLY_RESOLVED)
    .select(cursorKey.as('cursor_key'))
    .where(resolved.where);
  if (page.after) query = query.where(afterCondition(page.sort, page.after));
  return query
    .orderBy(sql`created_at + interval '0 seconds'`, direction)
    .orderBy('id', direction)
    .limit(page.limit)
    .execute() as Promise<ListRow[]>;
}

/** How many payments match, exact up to `cap`; beyond it the answer is "cap+". */
export async function countPaymentMatches(db: Db, resolved: ResolvedSearch, cap: number): Promise<{ count: number; isCapped: boolean }> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('payments').select(sql<number>`1`.as('one')).where(resolved.where).limit(cap + 1).as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  return count > cap ? { count: cap, isCapped: true } : { count, isCapped: false };
}
