import { createDatabase, migrateToLatest, setAnalyticsTimeZone } from '@paydesk/db';
import { pino } from 'pino';
import { systemClock } from './clock.ts';
import { loadDemoDataIfEmpty } from './demo/demo-data.ts';
import { demoPassword, ensureDemoUsers } from './demo/demo-users.ts';
import { financeLimitsFromEnv, parseEnv } from './env.ts';
import { providerSettingsFromEnv } from './providers/provider-settings.ts';
import { startRuntime } from './runtime.ts';

const env = parseEnv(process.env);
const log = pino({ level: env.LOG_LEVEL });

const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.PAYDESK_DATA_DIR });
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

const banner = [`Paydesk is running at ${runtime.url}  (business time zone ${env.BUSINESS_TIME_ZONE})`];
banner.push(`Database: ${database.backend === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.PAYDESK_DATA_DIR}`}`);
if (runtime.sandboxes) {
  banner.push(
    `Provider sandboxes: Kashimi ${runtime.sandboxes.kashimi.url}, Klavi ${runtime.sandboxes.klavi.url}, Kasha ${runtime.sandboxes.kasha.url} (${env.PAYDESK_DEMO_RATE} new payments a minute)`,
  );
}
if (env.PAYDESK_DEMO) {
  banner.push(`Demo sign-in, password ${demoPassword}:`);
  banner.push('  support@paydesk.test  finance@paydesk.test  finance2@paydesk.test  manager@paydesk.test  admin@paydesk.test');
}
// Printed plainly as well as logged: this is what a person starting Paydesk looks for.
console.log(`\n  ${banner.join('\n  ')}\n`);

let isShuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  // A second Ctrl-C must not cut the embedded database off in the middle of closing it.
  if (isShuttingDown) return;
  isShuttingDown = true;
  console.log(`\n  ${signal}: stopping Paydesk…`);
  await runtime.stop();
  await database.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
