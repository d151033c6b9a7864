import pg from 'pg';
import { createDatabase, listPaymentPage, resolvePaymentSearch } from '@paydesk/db';
import { parseSearchQuery, normalizeForSearch } from '@paydesk/domain';
const url = 'postgres://postgres@127.0.0.1:5432/paydesk_bench_1000000';
const database = await createDatabase({ url, poolSize: 2 });
const client = new pg.Client(url);
await client.connect();
const s = await client.query("SELECT customer_name, customer_email FROM payments TABLESAMPLE SYSTEM (1) REPEATABLE (3) WHERE customer_email IS NOT NULL LIMIT 30");
const terms: Array<[string, string, string]> = [];
for (const r of s.rows) {
  const n = r.customer_name.split(' ').at(-1).slice(0, 5).toLowerCase();
  terms.push(['customer_name_search', normalizeForSearch(n), `name:${n}`]);
  const e = r.customer_email.split('@')[0].slice(0, 6);
  terms.push(['customer_email', e, `email:${e}`]);
}
const best = async (f: () => Promise<unknown>) => { const a: number[] = []; for (let k = 0; k < 5; k++) { const t = performance.now(); await f(); a.push(performance.now() - t); } return a.sort((x, y) => x - y)[2]!; };
let sumOld = 0, sumNew = 0; const olds: number[] = [], news: number[] = [];
for (const [col, term, q] of terms) {
  const pat = `%${term}%`;
  const old = await best(async () => {
    const w = await client.query(`SELECT id FROM (SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT 20000) p WHERE ${col} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`, [pat]);
    if (w.rowCount! < 51) await client.query(`SELECT id FROM payments WHERE ${col} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`, [pat]);
  });
  const parsed = parseSearchQuery(q); if (!parsed.ok) throw new Error(q);
  const resolved = await resolvePaymentSearch(database.db, { query: parsed.query, now: new Date(), timeZone: 'UTC' });
  const nu = await best(() => listPaymentPage(database.db, resolved, { sort: 'created_desc', limit: 51 }));
  sumOld += old; sumNew += nu; olds.push(old); news.push(nu);
  console.log(q.padEnd(14), 'old', old.toFixed(1).padStart(6), 'new', nu.toFixed(1).padStart(6));
}
const p = (a: number[], q: number) => a.sort((x, y) => x - y)[Math.floor(a.length * q)]!.toFixed(1);
console.log(`mean old ${(sumOld / terms.length).toFixed(1)} new ${(sumNew / terms.length).toFixed(1)}; p50 ${p(olds, 0.5)} / ${p(news, 0.5)}; p90 ${p(olds, 0.9)} / ${p(news, 0.9)}; max ${p(olds, 0.999)} / ${p(news, 0.999)}`);
await client.end(); await database.destroy();
