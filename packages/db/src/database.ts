import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared-statements.ts';
import type { Database } from './schema/index.ts';

export type Backend = 'pg' | 'pglite';

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When absent, embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; absent means in memory (tests). */
  dataDir?: string | undefined;
  /** pg pool size; 4–8 is right on 2 cores (docs/decisions). */
  poolSize?: number;
}

export interface ListenOptions {
  onLost?: (error: Error) => void;
}

export interface PaydeskDatabase {
  db: Kysely<Database>;
  backend: Backend;
  /**
   * Subscribe to a NOTIFY channel; returns the function that unsubscribes. `onLost` is told
   * when the listening connection breaks: notifications sent from then on are not heard, and
   * the caller must listen again (PGlite runs in this process and never loses it).
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Closes the pool or the embedded database; an open PGlite keeps Node alive. */
  destroy(): Promise<void>;
}

const INT8_OID = 20;

/**
 * bigint columns (money in minor units, counts) cross into JS as numbers on both
 * backends. Anything beyond 2^53 is refused rather than silently rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} does not fit a JavaScript number exactly`);
  }
  return value;
}

/** Opens PostgreSQL when `url` is given, embedded PGlite otherwise. Same schema, same queries. */
export async function createDatabase(options: DatabaseOptions = {}): Promise<PaydeskDatabase> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 8) : openPglite(options.dataDir);
}

function openPostgres(url: string, poolSize: number): PaydeskDatabase {
  // A per-pool type parser, not the global pg.types, so nothing else in the process changes.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID) return parseInt8;
      return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const listeners = new Set<pg.PoolClient>();

  return {
    db,
    backend: 'pg',
    async listen(channel, onPayload, options = {}) {
      // LISTEN needs a connection of its own for as long as we listen.
      const client = await pool.connect();
      listeners.add(client);
      client.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      const { onLost } = options;
      // A checked-out client has no error handler of the pool's; without one of ours a broken
      // connection would throw from the emitter. Only callers that can recover ask for it.
      const lose = (error?: Error) => {
        // After unlisten or destroy the client is no longer ours: its later events mean nothing.
        if (!listeners.delete(client)) return;
        const reason = error ?? new Error(`The connection listening on ${channel} ended`);
        // Releasing with an error makes the pool discard the broken connection.
        client.release(reason);
        onLost?.(reason);
      };
      if (onLost) {
        client.on('error', lose);
        client.on('end', lose);
      }
      try {
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        if (listeners.delete(client)) client.release(error as Error);
        throw error;
      }
      return async () => {
        if (!listeners.delete(client)) return;
        client.off('error', lose);
        client.off('end', lose);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    async destroy() {
      for (const client of listeners) client.release();
      listeners.clear();
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<PaydeskDatabase> {
  // PGlite creates only the last folder of the path; a fresh clone has no .data/ yet.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { pg_trgm },
      parsers: { [INT8_OID]: parseInt8 },
    });
  } catch (error) {
    throw new Error(
      `The embedded database${dataDir ? ` in ${dataDir}` : ''} could not be opened. ` +
        'If a previous run was killed while writing, the folder may be damaged: move it aside (or delete it) to start afresh.',
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    backend: 'pglite',
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    async destroy() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
