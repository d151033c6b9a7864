import pg from 'pg';
const client = new pg.Client('postgres://postgres@127.0.0.1:5432/paydesk_bench_1000000');
await client.connect();
const cols = process.argv[2] ?? '*';
const sqlText = `select ${cols} from payments where provider in ($1) and status in ($2) order by created_at desc, id desc limit 51`;
const noParse = { getTypeParser: () => (v: string) => v } as any;
async function run(label: string, q: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await q();
  const n = 300;
  const t = process.cpuUsage(); const w = performance.now();
  for (let i = 0; i < n; i++) await q();
  const c = process.cpuUsage(t);
  console.log(label.padEnd(30), ((c.user + c.system) / 1000 / n).toFixed(3), 'ms cpu', ((performance.now() - w) / n).toFixed(3), 'ms wall');
}
await run('default/object', () => client.query(sqlText, ['kasha', 'FAILED']));
await run('default/array', () => client.query({ text: sqlText, values: ['kasha', 'FAILED'], rowMode: 'array' }));
await run('noparse/object', () => client.query({ text: sqlText, values: ['kasha', 'FAILED'], types: noParse }));
await run('default/object again', () => client.query(sqlText, ['kasha', 'FAILED']));
await client.end();
