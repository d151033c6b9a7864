import { createDatabase, migrateToLatest } from '@paydesk/db';
import { pino } from 'pino';
import { systemClock } from './clock.ts';
import { parseEnv } from './env.ts';
import { buildServer } from './server.ts';

const env = parseEnv(process.env);
const log = pino({ level: env.LOG_LEVEL });

const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.PAYDESK_DATA_DIR });
log.info({ backend: database.backend }, 'database open');
const applied = await migrateToLatest(database.db);
if (applied.length > 0) log.info({ applied }, 'migrations applied');

const app = buildServer({
  db: database.db,
  clock: systemClock,
  config: { businessTimeZone: env.BUSINESS_TIME_ZONE },
  log,
  webDistDir: env.WEB_DIST_DIR,
});
const server = app.listen(env.PORT, env.HOST, () => {
  log.info(`Paydesk is running at http://${env.HOST}:${env.PORT}`);
});

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  server.close();
  await database.destroy();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
