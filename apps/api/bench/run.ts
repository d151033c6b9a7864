import { benchIngest, formatIngest } from './ingest.ts';
import { describeMachineSpeed } from './machine-speed.ts';
import { benchReads, formatReads, type ReadCase } from './reads.ts';
import { openReplicatedScaleDatabase } from './replicated-scale-database.ts';
import { openScaleDatabase } from './scale-database.ts';
import { supportReadCases } from './support-cases.ts';

// `pnpm bench [ingest] [reads] [--payments N] [--reload]`: every case by default. Figures go
// to stdout as Markdown tables, ready for docs/benchmarks.md.
const args = process.argv.slice(2);
const cases = args.filter((arg) => !arg.startsWith('-') && !/^\d+$/.test(arg));
const wants = (name: string) => cases.length === 0 || cases.includes(name);
const paymentsFlag = args.indexOf('--payments');
const payments = paymentsFlag >= 0 ? Number(args[paymentsFlag + 1]) : 1_000_000;

console.log(`# Paydesk benchmarks — ${new Date().toISOString()}`);
console.log(await describeMachineSpeed('at the start'));

if (wants('reads')) {
  const { database, url } = await openScaleDatabase({ payments, reload: args.includes('--reload') });
  try {
    const readCases = await supportReadCases(database);
    console.log(`\n## Support reads at ${payments.toLocaleString('en-GB')} payments (real PostgreSQL, through the API with a signed-in session)\n`);
    console.log(formatReads(await benchReads({ database, url, cases: readCases, role: 'support', requests: 300, mixedSeconds: 20, mixedConcurrency: 32, httpProcesses: [1, 2] })));

    console.log(`\n## Manager analytics at ${payments.toLocaleString('en-GB')} payments (real PostgreSQL, through the API)\n`);
    console.log(formatReads(await benchReads({ database, url, cases: analyticsCases(), role: 'manager', requests: 100, mixedSeconds: 10, mixedConcurrency: 8 })));
  } finally {
    await database.destroy();
  }
}

// `pnpm bench analytics --payments 10000000`: the analytics alone on a bigger set (built once
// from the 1M set, see replicated-scale-database.ts).
if (cases.includes('analytics')) {
  const times = Math.max(1, Math.round(payments / 1_000_000));
  const { database, url } =
    times === 1
      ? await openScaleDatabase({ payments, reload: false })
      : await openReplicatedScaleDatabase({ times, log: (line) => console.log(line) });
  try {
    console.log(`\n## Manager analytics at ${payments.toLocaleString('en-GB')} payments (real PostgreSQL, through the API)\n`);
    console.log(formatReads(await benchReads({ database, url, cases: analyticsCases(), role: 'manager', requests: 100, mixedSeconds: 10, mixedConcurrency: 8 })));
  } finally {
    await database.destroy();
  }
}

if (wants('ingest')) {
  console.log('\n## Webhook ingestion (signed deliveries over HTTP, real PostgreSQL)\n');
  console.log(formatIngest(await benchIngest({ payments: 2000, concurrency: 32 })));
}

/** The managers' 90-day analytics calls, each beside the naive GROUP BY over payments that computes the same figures. */
function analyticsCases(): ReadCase[] {
  const range = { range: '90d', granularity: 'day' };
  // The naive versions: the same figures computed from the payments table itself.
  const since = "created_at >= now() - interval '90 days'";
  const cases: ReadCase[] = [
    {
      name: 'headline figures, 90 days',
      call: () => ({ path: 'analytics.summary', input: range }),
      naiveSql: `SELECT status, currency, count(*), sum(amount_minor), percentile_cont(0.5) WITHIN GROUP (ORDER BY completed_at - created_at) FROM payments WHERE ${since} GROUP BY status, currency`,
    },
    {
      name: 'conversion per day per provider, 90 days',
      call: () => ({ path: 'analytics.conversion', input: { ...range, split: 'provider' } }),
      naiveSql: `SELECT date_trunc('day', created_at AT TIME ZONE 'Europe/Madrid'), provider, count(*) FILTER (WHERE status IN ('COMPLETED', 'REFUNDED')), count(*) FROM payments WHERE ${since} GROUP BY 1, 2`,
    },
    {
      name: 'conversion per day per bank, 90 days',
      call: () => ({ path: 'analytics.conversion', input: { ...range, split: 'bank' } }),
      naiveSql: `SELECT date_trunc('day', created_at AT TIME ZONE 'Europe/Madrid'), bank_id, count(*) FILTER (WHERE status IN ('COMPLETED', 'REFUNDED')), count(*) FROM payments WHERE ${since} GROUP BY 1, 2`,
    },
    {
      name: 'failure reasons per day by category, 90 days',
      call: () => ({ path: 'analytics.failures', input: range }),
      naiveSql: `SELECT date_trunc('day', created_at AT TIME ZONE 'Europe/Madrid'), provider, failure_category, count(*) FROM payments WHERE ${since} AND status = 'FAILED' GROUP BY 1, 2, 3`,
    },
    {
      name: 'top raw failure codes, 90 days',
      call: () => ({ path: 'analytics.failureCodes', input: range }),
      naiveSql: `SELECT provider, code, count(DISTINCT id) FROM payments, unnest(failure_codes) AS code WHERE ${since} AND status = 'FAILED' GROUP BY 1, 2`,
    },
    {
      name: 'open-banking funnel, 90 days',
      call: () => ({ path: 'analytics.funnel', input: range }),
      naiveSql: `SELECT provider, bank_id, phase, status, failure_codes[1], count(*) FROM payments WHERE ${since} AND provider IN ('kashimi', 'klavi') GROUP BY 1, 2, 3, 4, 5`,
    },
  ];
  return cases;
}

console.log(`\n${await describeMachineSpeed('at the end')}`);
