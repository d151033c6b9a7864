import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../src/migrate.ts';
import { migrations } from '../src/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.destroy());

async function tableNames(): Promise<string[]> {
  const result = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1`.execute(database.db);
  return result.rows.map((r) => r.tablename);
}

describe('migrations', () => {
  it('lists every migration file of the folder, in order', () => {
    const folder = fileURLToPath(new URL('../src/migrations/', import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => f !== 'index.ts' && f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it('run up, all the way down, and up again to the same schema', async () => {
    await migrateToLatest(database.db);
    const afterFirstUp = await tableNames();
    expect(afterFirstUp).toContain('payments');
    expect(afterFirstUp).toContain('audit_log');

    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
    expect(await tableNames()).toEqual([]);

    await migrateToLatest(database.db);
    expect(await tableNames()).toEqual(afterFirstUp);
  });
});
