import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type PaydeskDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

/**
 * The one place tests learn which database to use: TEST_DATABASE_URL points at a real
 * PostgreSQL server (any database on it; we create our own beside it), otherwise PGlite.
 */
export const testDatabaseUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabase extends PaydeskDatabase {
  /** The connection string of this test's own database (real PostgreSQL only). */
  url: string | undefined;
}

/**
 * A freshly migrated database that belongs to one test file alone: a new database cloned
 * from a migrated template on PostgreSQL, a new in-memory instance on PGlite.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (!testDatabaseUrl) {
    const database = await createDatabase();
    if (migrate) await migrateToLatest(database.db);
    return { ...database, url: undefined };
  }
  const name = `paydesk_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(async (admin) => {
    if (migrate) {
      const template = await ensureTemplate(admin);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } else {
      await admin.query(`CREATE DATABASE ${name}`);
    }
  });
  const url = withDatabaseName(testDatabaseUrl, name);
  const database = await createDatabase({ url, poolSize: 10 });
  return {
    ...database,
    url,
    async destroy() {
      await database.destroy();
      await withAdminClient(async (admin) => {
        // pg's pool.end() resolves before its sockets have closed; a FORCE drop would then
        // kill those backends and their clients would raise an unhandled 57P01. Wait (briefly)
        // for them to leave first.
        for (let i = 0; i < 40; i++) {
          const open = await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 LIMIT 1', [name]);
          if (open.rowCount === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * One migrated template per set of migrations, built once under an advisory lock so that
 * parallel test files do not race to create it.
 */
async function ensureTemplate(admin: pg.Client): Promise<string> {
  const names = Object.keys(migrations).sort().join('|');
  let hash = 0;
  for (const char of names) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  const template = `paydesk_template_${hash.toString(16)}`;
  await admin.query('SELECT pg_advisory_lock(727274)');
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const database = await createDatabase({ url: withDatabaseName(testDatabaseUrl!, template), poolSize: 1 });
      try {
        await migrateToLatest(database.db);
      } catch (error) {
        await database.destroy();
        await admin.query(`DROP DATABASE ${template}`);
        throw error;
      }
      await database.destroy();
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(727274)');
  }
  return template;
}

export { makePayment, makePaymentEvent, type PaymentRow } from './factories.ts';
