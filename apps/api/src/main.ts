import cluster from 'node:cluster';
import { createDatabase, migrateToLatest, setAnalyticsTimeZone } from '@paydesk/db';
import type { Sandboxes } from '@paydesk/providers/sandbox';
import { pino } from 'pino';
import { systemClock } from './clock.ts';
import { loadDemoDataIfEmpty } from './demo/demo-data.ts';
import { demoPassword, ensureDemoUsers } from './demo/demo-users.ts';
import { financeLimitsFromEnv, parseEnv } from './env.ts';
import { providerSettingsFromEnv } from './providers/provider-settings.ts';
import { superviseHttpProcesses } from './http-processes.ts';
import { startRuntime } from './runtime.ts';

const env = parseEnv(process.env);
const log = pino({ level: env.LOG_LEVEL });

// With PAYDESK_HTTP_PROCESSES > 1 this process prepares the database, then runs that many
// copies of itself sharing the port (http-processes.ts); each copy skips the preparation.
const isWorkerCopy = cluster.isWorker;
const isSupervisor = env.PAYDESK_HTTP_PROCESSES > 1 && cluster.isPrimary;

const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.PAYDESK_DATA_DIR });
if (!isWorkerCopy) {
  log.info({ backend: database.backend }, 'database open');
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  // Daily and weekly rollups follow the business zone; a change of zone rebuilds them once.
  if (await setAnalyticsTimeZone(database.db, env.BUSINESS_TIME_ZONE)) log.info({ zone: env.BUSINESS_TIME_ZONE }, 'analytics rollups rebuilt for the business time zone');

  if (env.PAYDESK_DEMO) {
    const created = await ensureDemoUsers(database.db);
    if (created.length > 0) log.info({ accounts: created }, 'demo accounts created');
    await loadDemoDataIfEmpty(database.db, { log, now: systemClock.now() });
  }
}

function printBanner(url: string, sandboxes: Sandboxes | undefined): void {
  const banner = [`Paydesk is running at ${url}  (business time zone ${env.BUSINESS_TIME_ZONE})`];
  banner.push(`Database: ${database.backend === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.PAYDESK_DATA_DIR}`}`);
  if (env.PAYDESK_HTTP_PROCESSES > 1) banner.push(`HTTP processes: ${env.PAYDESK_HTTP_PROCESSES}`);
  if (sandboxes) {
    banner.push(
      `Provider sandboxes: Kashimi ${sandboxes.kashimi.url}, Klavi ${sandboxes.klavi.url}, Kasha ${sandboxes.kasha.url} (${env.PAYDESK_DEMO_RATE} new payments a minute)`,
    );
  }
  if (env.PAYDESK_DEMO) {
    banner.push(`Demo sign-in, password ${demoPassword}:`);
    banner.push('  support@paydesk.test  finance@paydesk.test  finance2@paydesk.test  manager@paydesk.test  admin@paydesk.test');
  }
  // Printed plainly as well as logged: this is what a person starting Paydesk looks for.
  console.log(`\n  ${banner.join('\n  ')}\n`);
}

if (isSupervisor) {
  await database.destroy();
  superviseHttpProcesses({ count: env.PAYDESK_HTTP_PROCESSES, log, onFirstListening: () => printBanner(`http://${env.HOST}:${env.PORT}`, undefined) });
} else {
  const runtime = await startRuntime({
    database,
    clock: systemClock,
    config: { businessTimeZone: env.BUSINESS_TIME_ZONE, finance: financeLimitsFromEnv(env) },
    log,
    host: env.HOST,
    port: env.PORT,
    webDistDir: env.WEB_DIST_DIR,
    providerSettings: providerSettingsFromEnv(env),
    sandboxes: env.PAYDESK_SANDBOXES ? { autoAdvance: true } : false,
    demoRatePerMinute: env.PAYDESK_SANDBOXES ? env.PAYDESK_DEMO_RATE : 0,
  });
  if (!isWorkerCopy) printBanner(runtime.url, runtime.sandboxes);

  let isShuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    // A second Ctrl-C must not cut the embedded database off in the middle of closing it.
    if (isShuttingDown) return;
    isShuttingDown = true;
    if (!isWorkerCopy) console.log(`\n  ${signal}: stopping Paydesk…`);
    await runtime.stop();
    await database.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
