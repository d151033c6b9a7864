import { createDatabase, migrateToLatest } from '@paydesk/db';
import { pino } from 'pino';
import { systemClock } from './clock.ts';
import { demoPassword, ensureDemoUsers } from './demo/demo-users.ts';
import { parseEnv } from './env.ts';
import { startChangeFeed } from './live/change-feed.ts';
import { buildServer } from './server.ts';

const env = parseEnv(process.env);
const log = pino({ level: env.LOG_LEVEL });

const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.PAYDESK_DATA_DIR });
log.info({ backend: database.backend }, 'database open');
const applied = await migrateToLatest(database.db);
if (applied.length > 0) log.info({ applied }, 'migrations applied');

if (env.PAYDESK_DEMO) {
  const created = await ensureDemoUsers(database.db);
  if (created.length > 0) log.info({ accounts: created }, 'demo accounts created');
}

const changes = await startChangeFeed(database);
const app = buildServer({
  db: database.db,
  changes,
  clock: systemClock,
  config: { businessTimeZone: env.BUSINESS_TIME_ZONE },
  log,
  webDistDir: env.WEB_DIST_DIR,
});
const server = app.listen(env.PORT, env.HOST, () => {
  const url = `http://${env.HOST}:${env.PORT}`;
  const banner = [`Paydesk is running at ${url}`];
  if (env.PAYDESK_DEMO) {
    banner.push(
      `Demo sign-in (password ${demoPassword}): support@paydesk.test, finance@paydesk.test, finance2@paydesk.test, manager@paydesk.test, admin@paydesk.test`,
    );
  }
  // Printed plainly as well as logged: this is what a person starting Paydesk looks for.
  console.log(`\n  ${banner.join('\n  ')}\n`);
});

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  server.close();
  await changes.close();
  await database.destroy();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
