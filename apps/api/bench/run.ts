import { benchIngest, formatIngest } from './ingest.ts';

// `pnpm bench [case…]`: every case by default. Figures go to stdout as Markdown tables,
// ready for docs/benchmarks.md.
const cases = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const wants = (name: string) => cases.length === 0 || cases.includes(name);

if (wants('ingest')) {
  console.log('\n## Webhook ingestion (signed deliveries over HTTP, real PostgreSQL)\n');
  console.log(formatIngest(await benchIngest({ payments: 2000, concurrency: 32 })));
}
