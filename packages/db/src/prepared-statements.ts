import type { Compilable, Kysely, Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema/index.ts';

// Named prepared statements for the hottest exact lookups (docs/decisions/009-prepared-lookups.md).
// A support desk's commonest reads (a payment by a reference, by email, by id, its timeline)
// cost PostgreSQL more to parse and plan than to run: 0.3–0.45 ms a statement against
// 0.1–0.15 ms once prepared, where PostgreSQL settles on a generic plan. Only statements
// whose plan cannot depend on the values are prepared (equality on selective indexed
// columns); searches whose best plan depends on the value (a LIKE pattern, a rare status)
// keep being planned for their values.

/** Distinct statements prepared at most, per process; each connection prepares those it runs. */
export const MAX_PREPARED_STATEMENTS = 200;

const names = new Map<string, string>();

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs `query` as a named prepared statement on PostgreSQL (PGlite runs it as usual).
 * Only for queries whose best plan is the same whatever the values.
 */
export async function executePrepared<O>(db: Db, query: Compilable<O>): Promise<O[]> {
  const compiled = query.compile();
  if (!names.has(compiled.sql) && names.size < MAX_PREPARED_STATEMENTS)
    names.set(compiled.sql, `paydesk_${names.size + 1}`);
  const result = await db.executeQuery(compiled);
  return result.rows;
}

/** The statement name of SQL text marked by executePrepared, if any. */
export function preparedStatementName(text: string): string | undefined {
  return names.get(text);
}

type QueryFunction = (...args: unknown[]) => unknown;
const preparing = new WeakSet<pg.PoolClient>();

/**
 * The pool Kysely is given: the same connections, whose `query(text, values)` sends marked
 * statements by name, so each connection parses and plans them once. node-postgres keeps
 * the names a connection has prepared and prepares a name the first time it sees it there.
 */
export function preparingPool(pool: pg.Pool): { connect(): Promise<pg.PoolClient>; end(): Promise<void>; options: object; Client: typeof pg.Client } {
  return {
    options: pool.options,
    // What Kysely cancels a query through.
    Client: (pool as unknown as { Client: typeof pg.Client }).Client,
    async connect() {
      const client = await pool.connect();
      if (!preparing.has(client)) {
        preparing.add(client);
        const query = client.query.bind(client) as QueryFunction;
        (client as unknown as { query: QueryFunction }).query = (
          text: unknown,
          values?: unknown,
          ...rest: unknown[]
        ) => {
          const name = typeof text === 'string' && Array.isArray(values) ? preparedStatementName(text) : undefined;
          return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
        };
      }
      return client;
    },
    end: () => pool.end(),
  };
}
