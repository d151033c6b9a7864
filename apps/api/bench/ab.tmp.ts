import pg from 'pg';
const client = new pg.Client('postgres://postgres@127.0.0.1:5432/paydesk_bench_1000000');
await client.connect();
const variants: Record<string, (col: string, pat: string) => string> = {
  star: (c) => `SELECT id FROM (SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT 20000) p WHERE ${c} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`,
  cols30: (c) => `SELECT id FROM (SELECT id, provider,direction,method,provider_payment_id,provider_reference,merchant_reference,payment_reference,amount_minor,currency,country,bank_id,bank_name,customer_name,customer_name_search,customer_email,customer_phone,customer_document,card_bin,card_last4,status,provider_status,detailed_status,phase,failure_category,failure_codes,status_at,created_at,updated_at,manual_resolution FROM payments ORDER BY created_at DESC, id DESC LIMIT 20000) p WHERE ${c} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`,
  hit: (c) => `SELECT p.id FROM (SELECT id, created_at, ${c} LIKE $1 AS hit FROM payments ORDER BY created_at DESC, id DESC LIMIT 20000) w JOIN payments p ON p.id = w.id WHERE w.hit ORDER BY w.created_at DESC, w.id DESC LIMIT 51`,
  forcedBitmap: (c) => `SELECT id FROM payments WHERE ${c} LIKE $1 ORDER BY created_at + interval '0 s' DESC, id DESC LIMIT 51`,
};
const terms = [['customer_email', '%kpena%'], ['customer_name_search', '%assun%'], ['customer_email', '%caio.a%'], ['customer_name_search', '%petit%'], ['customer_email', '%rocio.%'], ['customer_name_search', '%torre%']];
for (const [col, pat] of terms) {
  const times: Record<string, number[]> = {};
  for (let r = 0; r < 15; r++) for (const [name, v] of Object.entries(variants)) {
    const t = performance.now(); await client.query(v(col!, pat!), [pat]); (times[name] ??= []).push(performance.now() - t);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(1);
  console.log(pat!.padEnd(10), Object.entries(times).map(([k, a]) => `${k} ${med(a)}`).join('  '));
}
await client.end();
