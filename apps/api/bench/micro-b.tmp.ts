import pg from 'pg';
import { presentListRow } from '../src/routers/payments/present.ts';
const client = new pg.Client('postgres://postgres@127.0.0.1:5432/paydesk_bench_1000000');
await client.connect();
await client.query("set timezone='UTC'");
const COLS = 'id, provider, direction, method, provider_payment_id, provider_reference, merchant_reference, payment_reference, amount_minor, currency, country, bank_id, bank_name, customer_name, customer_email, customer_phone, customer_document, card_bin, card_last4, status, provider_status, detailed_status, phase, failure_category, failure_codes, status_at, created_at, updated_at, manual_resolution';
const A = `select ${COLS}, created_at::text as cursor_key from payments where provider in ($1) and status in ($2) order by created_at desc, id desc limit 51`;
const ts = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const jsonCols = COLS.split(', ').map((c) => `'${c}', ${['status_at','created_at','updated_at'].includes(c) ? ts(c) : c}`).join(', ');
const B = `select json_build_object(${jsonCols})::text as j, created_at::text as cursor_key from payments where provider in ($1) and status in ($2) order by created_at desc, id desc limit 51`;
const int8 = { getTypeParser: (oid: number, f: any) => (oid === 20 ? Number : pg.types.getTypeParser(oid, f)) } as any;
async function run(label: string, q: () => Promise<string>) {
  for (let i = 0; i < 50; i++) await q();
  const n = 400;
  const t = process.cpuUsage(); const w = performance.now(); let bytes = 0;
  for (let i = 0; i < n; i++) bytes = (await q()).length;
  const c = process.cpuUsage(t);
  console.log(label.padEnd(30), ((c.user + c.system) / 1000 / n).toFixed(3), 'ms cpu', ((performance.now() - w) / n).toFixed(3), 'ms wall', bytes, 'bytes');
}
for (let round = 0; round < 2; round++) {
await run('A rows+present+stringify', async () => {
  const r = await client.query({ text: A, values: ['kasha', 'FAILED'], types: int8 });
  return JSON.stringify({ rows: r.rows.map((row: any) => presentListRow(row, true)) });
});
await run('B json+parse+present+stringify', async () => {
  const r = await client.query({ text: B, values: ['kasha', 'FAILED'], types: int8 });
  return JSON.stringify({ rows: r.rows.map((row: any) => presentListRow(JSON.parse(row.j), true)) });
});
await run('A query only', async () => { const r = await client.query({ text: A, values: ['kasha', 'FAILED'], types: int8 }); return 'x'; });
await run('B query only', async () => { const r = await client.query({ text: B, values: ['kasha', 'FAILED'], types: int8 }); return 'x'; });
}
console.log(JSON.parse((await client.query({ text: B, values: ['kasha', 'FAILED'] })).rows[0].j));
await client.end();
