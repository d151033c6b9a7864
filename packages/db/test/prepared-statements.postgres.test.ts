import { parseSearchQuery } from '@paydesk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type PaydeskDatabase } from '../src/database.ts';
import { makePayment, makePaymentEvent } from '../src/factories.ts';
import { findPaymentById, findPaymentWithEvents, listFirstPaymentPage } from '../src/queries/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// PostgreSQL only: which statements a connection has prepared is PostgreSQL's to tell
// (pg_prepared_statements lists the current session's).

let database: TestDatabase;
let oneConnection: PaydeskDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // One connection, so every statement below runs in the session whose prepared statements we read.
  oneConnection = await createDatabase({ url: database.url, poolSize: 1 });
});
afterAll(async () => {
  await oneConnection?.destroy();
  await database?.destroy();
});

async function prepared(): Promise<Array<{ name: string; statement: string; runs: number }>> {
  const result = await sql<{ name: string; statement: string; runs: number }>`
    SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY name`.execute(oneConnection.db);
  return result.rows;
}

function search(q: string) {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(`bad search in the test: ${q}`);
  return { query: parsed.query, now: new Date('2026-11-21T12:00:00Z'), timeZone: 'Europe/Madrid' };
}
const page = { sort: 'created_desc' as const, limit: 51 };

describe('prepared lookups (PostgreSQL)', () => {
  it('prepares the detail and exact lookups once per connection, and leaves value-dependent searches to be planned each time', async () => {
    const db = oneConnection.db;
    const payment = await makePayment(database.db, { merchant_reference: 'ORD-PREPARED-1', customer_email: 'ana.prepared@example.com', customer_name: 'Ana Prepared' });
    await makePaymentEvent(database.db, payment);
    expect(await prepared()).toEqual([]);

    for (let i = 0; i < 3; i++) {
      expect((await findPaymentById(db, payment.id))?.merchant_reference).toBe('ORD-PREPARED-1');
      expect((await findPaymentWithEvents(db, payment.id))?.events).toHaveLength(1);
      expect((await listFirstPaymentPage(db, search('ORD-PREPARED-1'), page)).rows.map((row) => row.id)).toEqual([payment.id]);
      expect((await listFirstPaymentPage(db, search('ana.prepared@example.com'), page)).rows.map((row) => row.id)).toEqual([payment.id]);
      expect((await listFirstPaymentPage(db, search('name:prepar'), page)).rows.map((row) => row.id)).toEqual([payment.id]);
      expect((await listFirstPaymentPage(db, search('status:completed provider:kasha'), page)).rows.map((row) => row.id)).toContain(payment.id);
    }

    const statements = await prepared();
    const runsOf = (pattern: RegExp) => statements.filter((s) => pattern.test(s.statement)).map((s) => s.runs);
    expect(statements.every((s) => /^paydesk_\d+$/.test(s.name))).toBe(true);
    // Parsed once, then run again by name: the payment alone and the payment with its timeline three times each; the
    // reference page six times, as both searches try the text as a reference first (one
    // statement whatever the reference); the email page three times.
    expect(runsOf(/^select \* from "payments" where "id" = \$1$/)).toEqual([3]);
    expect(runsOf(/json_agg\(e ORDER BY e\.occurred_at, e\.id\)[^]*from "payment_events"/)).toEqual([3]);
    expect(runsOf(/"merchant_reference" IN/)).toEqual([6]);
    expect(runsOf(/customer_email = \$\d+ order by/)).toEqual([3]);
    // A substring or a filter list is planned for its values every time.
    expect(statements.some((s) => /LIKE/.test(s.statement))).toBe(false);
    expect(statements.some((s) => /"provider" IN .* AND "status" IN/.test(s.statement) && !/merchant_reference/.test(s.statement))).toBe(false);
  });
});
