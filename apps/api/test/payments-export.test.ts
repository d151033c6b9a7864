import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoInZone } from '../src/routes/payments-export.ts';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser, testPassword } from './support/factories.ts';
import { TestBrowser } from './support/http-client.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const cookies = new Map<string, string>();

async function signedIn(role: 'support' | 'manager'): Promise<string> {
  const cached = cookies.get(role);
  if (cached) return cached;
  const user = await makeStaffUser(database.db, role);
  const browser = new TestBrowser(server.url);
  await browser.mutate('auth.signIn', { email: user.email, password: testPassword });
  const cookie = browser.lastSetCookie!.split(';')[0]!;
  cookies.set(role, cookie);
  return cookie;
}

async function exportCsv(role: 'support' | 'manager' | null, params: Record<string, string>) {
  const headers: Record<string, string> = role ? { cookie: await signedIn(role) } : {};
  const response = await fetch(`${server.url}/api/payments/export.csv?${new URLSearchParams(params)}`, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // TextDecoder drops a leading byte-order mark, so look for it in the bytes.
  return { response, text: new TextDecoder().decode(bytes), hasBom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

/** A small RFC 4180 reader: enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell.length > 0 || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function records(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i] ?? ''])));
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database, businessTimeZone: 'America/Sao_Paulo' });
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

describe('payment CSV export', () => {
  it('streams every matching row, not one page, in the list’s order, with the count up front', async () => {
    await sql`
      INSERT INTO payments (provider, direction, method, provider_payment_id, merchant_reference, amount_minor, currency,
                            status, provider_status, status_at, created_at, updated_at, bank_id)
      SELECT 'kasha', 'payin', 'card', 'export-' || g, 'ORD-EXP-' || lpad(g::text, 5, '0'), g, 'EUR', 'COMPLETED', 'COMPLETED',
             t + g * interval '1 second', t + g * interval '1 second', t + g * interval '1 second', 'EXPORT'
        FROM generate_series(1, 2345) AS g, (SELECT timestamptz '2026-09-01T10:00:00Z' AS t) AS fixed`.execute(database.db);
    const { response, text, hasBom } = await exportCsv('support', { q: 'bank:EXPORT' });
    expect(response.status).toBe(200);
    // Spreadsheets read the file as UTF-8 only with the byte-order mark.
    expect(hasBom).toBe(true);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain('paydesk-payments.csv');
    expect(response.headers.get('x-matching-rows')).toBe('2345');
    const rows = records(text);
    expect(rows).toHaveLength(2345);
    expect(new Set(rows.map((r) => r.merchant_reference)).size).toBe(2345);
    expect(rows[0]!.merchant_reference).toBe('ORD-EXP-02345');
    expect(rows.at(-1)!.merchant_reference).toBe('ORD-EXP-00001');
    // Amounts are decimals in the currency's units with a currency column; times carry the zone.
    expect(rows[0]).toMatchObject({ amount: '23.45', currency: 'EUR', created_at: '2026-09-01T07:39:05.000-03:00' });

    const ascending = records((await exportCsv('support', { q: 'bank:EXPORT', sort: 'amount_asc' })).text);
    expect(ascending[0]!.amount).toBe('0.01');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const payment = await makePayment(database.db, {
      bank_id: 'FORMULA',
      merchant_reference: '=HYPERLINK("http://evil.example","click")',
      payment_reference: '+SUM(1,2)',
      customer_name: '@cmd',
      customer_email: '-2+3@example.com',
      provider_reference: '\tTAB',
    });
    const { text } = await exportCsv('support', { q: 'bank:FORMULA' });
    const [row] = records(text);
    expect(row).toMatchObject({
      id: payment.id,
      merchant_reference: `'=HYPERLINK("http://evil.example","click")`,
      payment_reference: "'+SUM(1,2)",
      customer_name: "'@cmd",
      customer_email: "'-2+3@example.com",
      provider_reference: "'\tTAB",
    });
  });

  it('masks personal data for roles that may not see it, and not for those who may', async () => {
    await makePayment(database.db, {
      bank_id: 'MASKED',
      customer_name: 'Ana Beatriz Lima',
      customer_email: 'ana.lima@example.com',
      customer_phone: '+5521912345678',
      customer_document: '98765432100',
      card_bin: '411111',
      card_last4: '1111',
    });
    const [managerRow] = records((await exportCsv('manager', { q: 'bank:MASKED' })).text);
    expect(managerRow).toMatchObject({
      customer_name: 'A. B. L.',
      customer_email: 'a•••@example.com',
      customer_phone: '•••5678',
      customer_document: '•••100',
      card_bin: '411111',
      card_last4: '1111',
    });
    const [supportRow] = records((await exportCsv('support', { q: 'bank:MASKED' })).text);
    expect(supportRow).toMatchObject({ customer_name: 'Ana Beatriz Lima', customer_email: 'ana.lima@example.com', customer_document: '98765432100' });
  });

  it('is written to the audit log with the query and whether data was masked', async () => {
    await exportCsv('manager', { q: 'bank:AUDITED' });
    const rows = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'payments.export').execute();
    expect(rows).toContainEqual(expect.objectContaining({ actor_role: 'manager', details: expect.objectContaining({ q: 'bank:AUDITED', masked: true }) }));
  });

  it('refuses bad syntax with the grammar’s message, and visitors who are not signed in', async () => {
    const bad = await exportCsv('support', { q: 'colour:red' });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('Unknown field');
    const anonymous = await exportCsv(null, { q: '' });
    expect(anonymous.response.status).toBe(401);
  });

  it('writes times in ISO 8601 with the business zone offset', () => {
    expect(isoInZone(new Date('2026-11-20T12:00:00Z'), 'Europe/Madrid')).toBe('2026-11-20T13:00:00.000+01:00');
    expect(isoInZone(new Date('2026-11-20T12:00:00Z'), 'America/Sao_Paulo')).toBe('2026-11-20T09:00:00.000-03:00');
    expect(isoInZone(new Date('2026-11-20T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-20T17:30:00.000+05:30');
  });
});
