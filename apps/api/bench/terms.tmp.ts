import pg from 'pg';
import { normalizeForSearch } from '@paydesk/domain';
const client = new pg.Client('postgres://postgres@127.0.0.1:5432/paydesk_bench_1000000');
await client.connect();
const s = await client.query("SELECT customer_name, customer_email FROM payments TABLESAMPLE SYSTEM (1) REPEATABLE (3) WHERE customer_email IS NOT NULL LIMIT 30");
const terms: Array<[string, string]> = [];
for (const r of s.rows) {
  terms.push(['customer_name_search', normalizeForSearch(r.customer_name.split(' ').at(-1).slice(0, 5).toLowerCase())]);
  terms.push(['customer_email', r.customer_email.split('@')[0].slice(0, 6)]);
}
const time = async (text: string, values: unknown[]) => {
  let best = Infinity; let rows = 0;
  for (let k = 0; k < 3; k++) { const t = performance.now(); const r = await client.query(text, values); best = Math.min(best, performance.now() - t); rows = r.rowCount!; }
  return [best, rows] as const;
};
const out: string[] = [];
for (const [col, term] of terms) {
  const pat = `%${term}%`;
  const [walk, wr] = await time(`SELECT id FROM (SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT 20000) p WHERE ${col} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`, [pat]);
  const [trgm, tr] = await time(`SELECT id FROM payments WHERE ${col} LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 51`, [pat]);
  const n = (await client.query(`SELECT count(*)::int AS n FROM payments WHERE ${col} LIKE $1`, [pat])).rows[0].n;
  out.push(`${col.slice(9, 13)} ${term.padEnd(8)} total ${String(n).padStart(6)}  walk ${walk.toFixed(1).padStart(6)} ms (${wr})  trgm ${trgm.toFixed(1).padStart(6)} ms  current ${(wr >= 51 ? walk : walk + trgm).toFixed(1).padStart(6)}`);
}
console.log(out.join('\n'));
await client.end();
