// Loads a large generated data set into a real PostgreSQL for benchmarks:
//   DATABASE_URL=postgres://… pnpm db:scale -- --payments 1000000 [--seed N] [--append]
// This is an entry point: the only file of the seed that reads the environment.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { sql } from 'kysely';
import { z } from 'zod';
import { createDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { DEMO_DEFAULTS } from './load.ts';
import type { LoadProgress, RollupProgress } from './load.ts';
import { loadScaleData } from './scale.ts';

// Generation makes many short-lived objects; a larger young generation halves the time
// spent collecting them.
setFlagsFromString('--max-semi-space-size=64');

const environmentSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required: the PostgreSQL database to load into' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// connection string'),
});

const flagsSchema = z.object({
  payments: z.coerce.number().int().positive().default(1_000_000),
  seed: z.coerce.number().int().nonnegative().optional(),
  days: z.coerce.number().positive().default(DEMO_DEFAULTS.days),
  now: z.iso.datetime({ offset: true }).optional(),
  connections: z.coerce.number().int().min(1).max(8).default(2),
  'batch-size': z.coerce.number().int().min(100).max(20_000).default(2000),
  append: z.boolean().default(false),
  'no-payloads': z.boolean().default(false),
});

const USAGE = `Usage: DATABASE_URL=postgres://… tsx src/seed/scale-cli.ts [options]
  --payments N      payments to generate (default 1000000)
  --seed N          generator seed (default ${DEMO_DEFAULTS.seed}; with --append, shifted by the rows present)
  --days N          window length in days, ending now (default ${DEMO_DEFAULTS.days})
  --now ISO         end of the window (default: the current time)
  --connections N   parallel loaders (default 2)
  --batch-size N    payments per transaction (default 2000)
  --append          add to a database that already has payments
  --no-payloads     leave the raw provider payload out of events`;

function readOptions() {
  const { values } = parseArgs({
    options: {
      payments: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      now: { type: 'string' },
      connections: { type: 'string' },
      'batch-size': { type: 'string' },
      append: { type: 'boolean' },
      'no-payloads': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const environment = environmentSchema.safeParse(process.env);
  const flags = flagsSchema.safeParse(values);
  if (!environment.success || !flags.success) {
    const issues = [...(environment.error?.issues ?? []), ...(flags.error?.issues ?? [])];
    console.error(issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('\n'));
    console.error(USAGE);
    process.exit(2);
  }
  return { url: environment.data.DATABASE_URL, ...flags.data };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

function progressLine(progress: LoadProgress, total: number): string {
  const seconds = progress.elapsedMs / 1000;
  const rows =
    progress.payments + progress.events + progress.payoutDecisions + progress.payoutApprovals + progress.refunds;
  const paymentsPerSecond = progress.payments / seconds;
  const eta = paymentsPerSecond > 0 ? ((total - progress.payments) / paymentsPerSecond) * 1000 : 0;
  return (
    `${integer.format(progress.payments)} / ${integer.format(total)} payments · ${integer.format(progress.events)} events · ` +
    `${integer.format(paymentsPerSecond)} payments/s · ${integer.format(rows / seconds)} rows/s · ` +
    `elapsed ${formatDuration(progress.elapsedMs)} · ETA ${formatDuration(eta)}`
  );
}

function rollupLine(progress: RollupProgress): string {
  return (
    `analytics rollups: ${integer.format(progress.applied)} / ${integer.format(progress.total)} queued deltas applied · ` +
    `elapsed ${formatDuration(progress.elapsedMs)}`
  );
}

async function main(): Promise<void> {
  const options = readOptions();
  const database = await createDatabase({ url: options.url, poolSize: options.connections + 1 });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) console.log(`migrated: ${applied.join(', ')}`);

    const present = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payments`.execute(database.db);
    const existing = present.rows[0]?.n ?? 0;
    if (existing > 0 && !options.append) {
      console.error(
        `The database already has ${integer.format(existing)} payments. Use --append to add more, or load into an empty database.`,
      );
      process.exitCode = 1;
      return;
    }
    // Appending with the same seed would recreate the same ids; shift it by what is there.
    const seed = options.seed ?? DEMO_DEFAULTS.seed + existing;
    const now = options.now ? new Date(options.now) : new Date();
    console.log(
      `loading ${integer.format(options.payments)} payments over ${options.days} days to ${now.toISOString()} ` +
        `(seed ${seed}, ${options.connections} connections, batches of ${options['batch-size']})`,
    );

    const isTerminal = process.stdout.isTTY === true;
    let lastPrinted = 0;
    let lastRollupPrinted: number | undefined;
    const counts = await loadScaleData(database.db, {
      seed,
      count: options.payments,
      now,
      days: options.days,
      connections: options.connections,
      batchSize: options['batch-size'],
      withPayloads: !options['no-payloads'],
      referenceOffset: existing,
      relaxedDurability: true,
      onProgress: (progress) => {
        // A redrawn line on a terminal; a line every ten seconds in a log.
        if (isTerminal) process.stdout.write(`\r${progressLine(progress, options.payments)}\u001b[K`);
        else if (progress.elapsedMs - lastPrinted >= 10_000) {
          lastPrinted = progress.elapsedMs;
          console.log(progressLine(progress, options.payments));
        }
      },
      // After the last payment the queued analytics deltas are applied: minutes at 1M payments.
      onRollupProgress: (progress) => {
        const isFirst = lastRollupPrinted === undefined;
        if (isTerminal) {
          // The first report ends the payments line; later ones redraw their own.
          process.stdout.write(`${isFirst ? '\n' : '\r'}${rollupLine(progress)}\u001b[K`);
          lastRollupPrinted = progress.elapsedMs;
        } else if (
          isFirst ||
          progress.applied >= progress.total ||
          progress.elapsedMs - (lastRollupPrinted ?? 0) >= 10_000
        ) {
          lastRollupPrinted = progress.elapsedMs;
          console.log(rollupLine(progress));
        }
      },
    });
    const loadedAt = performance.now();
    if (isTerminal) process.stdout.write('\n');
    console.log('analyzing…');
    await sql`ANALYZE`.execute(database.db);
    const size = await sql<{
      size: string;
    }>`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`.execute(database.db);
    console.log(
      `done: ${integer.format(counts.payments)} payments, ${integer.format(counts.events)} events, ` +
        `${integer.format(counts.payoutDecisions)} payout decisions; ANALYZE ${formatDuration(performance.now() - loadedAt)}; ` +
        `database ${size.rows[0]?.size ?? '?'}`,
    );
  } finally {
    await database.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
