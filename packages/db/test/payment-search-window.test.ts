import { parseSearchQuery } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPaymentPage, resolvePaymentSearch, type PaymentSort } from '../src/queries/payment-search.ts';
import { createTestDatabase, makePayment, type TestDatabase } from '../src/testing.ts';

// Substring searches first look among the newest payments and only ask the trigram index
// when that window holds less than a page. Whatever the window, walking every page must
// give exactly the rows, in exactly the order, of the plain query.

let database: TestDatabase;
const surnames = ['Silva', 'Souza', 'García', 'Müller', 'Rossi', 'Dubois'];

beforeAll(async () => {
  database = await createTestDatabase();
  // Common and rare names interleaved in time, with ties on created_at to exercise the id
  // tie-breaker; Dubois is rare and old, so the window never holds a page of it.
  for (let i = 0; i < 240; i++) {
    const surname = i % 60 === 0 ? 'Dubois' : surnames[i % 5]!;
    await makePayment(database.db, {
      customer_name: `Cliente ${i} ${surname}`,
      created_at: new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 3) * 60_000),
      provider: i % 2 === 0 ? 'kasha' : 'kashimi',
    });
  }
});
afterAll(async () => database?.destroy());

async function walk(q: string, sort: PaymentSort, recentWindow: number | undefined): Promise<string[]> {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(`bad query ${q}`);
  const resolved = await resolvePaymentSearch(database.db, { query: parsed.query, now: new Date(), timeZone: 'UTC' });
  expect(resolved.hasContains).toBe(true);
  const ids: string[] = [];
  let after: { key: string | number; id: string } | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const rows = await listPaymentPage(database.db, resolved, { sort, after, limit: 7, recentWindow });
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
        const plain = await walk(q, sort, 0);
        for (const recentWindow of [1, 10, 25, undefined]) {
          expect(await walk(q, sort, recentWindow)).toEqual(plain);
        }
      });
    }
  }

  it('finds matches in the right numbers (the plain query is itself right)', async () => {
    expect(await walk('dubois', 'created_desc', 0)).toHaveLength(4);
    expect(await walk('cliente', 'created_desc', 10)).toHaveLength(240);
    expect(await walk('zzzz', 'created_desc', 10)).toHaveLength(0);
  });
});
