import pg from 'pg';
import { z } from 'zod';

/** Benchmarks need a real PostgreSQL server: PGlite figures say nothing about production. */
export const benchEnv = z
  .object({
    BENCH_DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  })
  .parse(process.env);

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates (or reuses) a database of the given name on the bench server; returns its URL. */
export async function benchDatabaseUrl(name: string, options: { fresh: boolean }): Promise<{ url: string; existed: boolean }> {
  const admin = new pg.Client({ connectionString: benchEnv.BENCH_DATABASE_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (exists && options.fresh) await admin.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    if (!exists || options.fresh) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return { url: withDatabaseName(benchEnv.BENCH_DATABASE_URL, name), existed: exists && !options.fresh };
  } finally {
    await admin.end();
  }
}
