import { parseSearchQuery } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listFirstPaymentPage,
  listPaymentPage,
  resolvePaymentSearch,
  shouldAskIndexAfterFirstWindow,
  type PaymentSort,
  type RecentWindows,
} from '../src/queries/payment-search.ts';
import { createTestDatabase, makePayment, type TestDatabase } from '../src/testing.ts';

// Substring searches first look among the newest payments, then walk on or ask the trigram
// index, depending on what the first window found. Whatever the windows and whichever way
// it goes, walking every page must give exactly the rows, in exactly the order, of the
// plain query.

let database: TestDatabase;
const references: Array<{ merchant: string; provider: string; providerPaymentId: string }> = [];
const surnames = ['Silva', 'Souza', 'García', 'Müller', 'Rossi', 'Dubois'];

beforeAll(async () => {
  database = await createTestDatabase();
  // Common and rare names interleaved in time, with ties on created_at to exercise the id
  // tie-breaker; Dubois is rare and old, so the window never holds a page of it.
  for (let i = 0; i < 240; i++) {
    const surname = i % 60 === 0 ? 'Dubois' : surnames[i % 5]!;
    const payment = await makePayment(database.db, {
      customer_name: `Cliente ${i} ${surname}`,
      created_at: new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 3) * 60_000),
      provider: i % 2 === 0 ? 'kasha' : 'kashimi',
    });
    references.push({ merchant: payment.merchant_reference!, provider: payment.provider, providerPaymentId: payment.provider_payment_id });
  }
});
afterAll(async () => database?.destroy());

interface Walk {
  recentWindows?: RecentWindows | null;
  tableRows?: number;
}

/** Steps that take every path: walk on after one row, ask the index at once, windows that end mid-page, the defaults. */
const walks: Walk[] = [
  { recentWindows: { first: 1, total: 10, indexBelowMatches: 1 }, tableRows: 240 },
  { recentWindows: { first: 3, total: 25, indexBelowMatches: 1 }, tableRows: 240 },
  { recentWindows: { first: 5, total: 25, indexBelowMatches: 1_000_000 }, tableRows: 240 },
  { recentWindows: { first: 10, total: 10, indexBelowMatches: 1 }, tableRows: 240 },
  {},
];

async function walk(q: string, sort: PaymentSort, options: Walk): Promise<string[]> {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(`bad query ${q}`);
  const resolved = await resolvePaymentSearch(database.db, { query: parsed.query, now: new Date(), timeZone: 'UTC' });
  expect(resolved.hasContains).toBe(true);
  const ids: string[] = [];
  let after: { key: string | number; id: string } | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const rows = await listPaymentPage(database.db, resolved, { sort, after, limit: 7, ...options });
    ids.push(...rows.map((row) => row.id));
    if (rows.length < 7) return ids;
    const last = rows.at(-1)!;
    after = { key: last.cursor_key, id: last.id };
  }
  throw new Error('did not finish');
}

describe('substring search through the recent window', () => {
  const queries = ['silva', 'name:souza', 'dubois', 'name:garcia provider:kasha', 'cliente', 'müller -provider:kashimi', 'zzzz'];
  for (const q of queries) {
    for (const sort of ['created_desc', 'created_asc'] as const) {
      it(`"${q}" sorted ${sort}: every page equals the plain query's`, async () => {
        const plain = await walk(q, sort, { recentWindows: null });
        for (const options of walks) {
          expect(await walk(q, sort, options), JSON.stringify(options)).toEqual(plain);
        }
      });
    }
  }

  it('finds matches in the right numbers (the plain query is itself right)', async () => {
    expect(await walk('dubois', 'created_desc', { recentWindows: null })).toHaveLength(4);
    expect(await walk('cliente', 'created_desc', walks[0]!)).toHaveLength(240);
    expect(await walk('zzzz', 'created_desc', walks[0]!)).toHaveLength(0);
  });
});

describe('the way on after the first window', () => {
  const windows: RecentWindows = { first: 3_000, total: 20_000, indexBelowMatches: 3_000 };
  it('asks the index when the rate seen, scaled to the table, promises few matches', () => {
    // 0.03 % of a million payments: ~300 matches, cheaper to read than 20,000 rows.
    expect(shouldAskIndexAfterFirstWindow(1, windows, 1_000_000)).toBe(true);
    expect(shouldAskIndexAfterFirstWindow(0, windows, 10_000_000)).toBe(true);
    expect(shouldAskIndexAfterFirstWindow(8, windows, 1_000_000)).toBe(true);
  });

  it('walks on when the term is common enough that the index would sort thousands', () => {
    expect(shouldAskIndexAfterFirstWindow(9, windows, 1_000_000)).toBe(false);
    expect(shouldAskIndexAfterFirstWindow(1, windows, 10_000_000)).toBe(false);
  });

  it('takes a table never analyzed (no estimate) as no bigger than the window', () => {
    expect(shouldAskIndexAfterFirstWindow(40, windows, 0)).toBe(true);
    expect(shouldAskIndexAfterFirstWindow(2, windows, -1)).toBe(true);
  });
});

describe('the first page of a search', () => {
  it('is the same whether the reference reading is probed first or tried as the page itself', async () => {
    const [first, second] = [references[3]!, references[4]!];
    const queries = [
      first.merchant,
      second.providerPaymentId,
      `${first.merchant} provider:${first.provider}`,
      // The filter rules the reference out: the text is then searched as a name.
      `${first.merchant} provider:${first.provider === 'kasha' ? 'kashimi' : 'kasha'}`,
      'silva',
      'name:souza provider:kasha',
      'provider:kashimi',
    ];
    const matches: string[] = [];
    for (const q of queries) {
      const parsed = parseSearchQuery(q);
      if (!parsed.ok) throw new Error(`bad query ${q}`);
      const search = { query: parsed.query, now: new Date(), timeZone: 'UTC' };
      for (const sort of ['created_desc', 'amount_asc'] as const) {
        const probed = await resolvePaymentSearch(database.db, search);
        const expected = await listPaymentPage(database.db, probed, { sort, limit: 9 });
        const { resolved, rows } = await listFirstPaymentPage(database.db, search, { sort, limit: 9 });
        expect(resolved.match, q).toBe(probed.match);
        expect(rows.map((row) => row.id), q).toEqual(expected.map((row) => row.id));
      }
      matches.push((await resolvePaymentSearch(database.db, search)).match);
    }
    expect(matches).toEqual(['reference', 'reference', 'reference', 'search', 'search', 'none', 'none']);
  });
});
