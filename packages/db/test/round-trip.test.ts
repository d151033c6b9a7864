import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe('values crossing into JavaScript', () => {
  it('returns bigint money and counts as exact numbers', async () => {
    const result = await sql<{ big: number; count: number }>`
      SELECT 9007199254740991::bigint AS big, count(*) AS count FROM generate_series(1, 3)`.execute(database.db);
    expect(result.rows[0]).toEqual({ big: 9007199254740991, count: 3 });
  });

  it('refuses a bigint that a JavaScript number cannot hold exactly', async () => {
    await expect(sql`SELECT 9007199254740993::bigint AS big`.execute(database.db)).rejects.toThrow(/does not fit/);
  });

  it('returns timestamptz as a Date at the same instant, whatever the session zone', async () => {
    await sql`SET TIME ZONE 'America/Sao_Paulo'`.execute(database.db);
    const result = await sql<{ at: Date }>`SELECT '2026-11-21T10:15:30.123Z'::timestamptz AS at`.execute(database.db);
    expect(result.rows[0]!.at).toBeInstanceOf(Date);
    expect(result.rows[0]!.at.toISOString()).toBe('2026-11-21T10:15:30.123Z');
    await sql`SET TIME ZONE 'UTC'`.execute(database.db);
  });
});

describe('the audit log', () => {
  it('accepts new rows but refuses to change or delete them', async () => {
    const row = await database.db
      .insertInto('audit_log')
      .values({ action: 'test.append', outcome: 'success' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      database.db.updateTable('audit_log').set({ outcome: 'tampered' }).where('id', '=', row.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    const kept = await database.db.selectFrom('audit_log').select('outcome').where('id', '=', row.id).executeTakeFirst();
    expect(kept?.outcome).toBe('success');
  });
});

describe('the embedded database', () => {
  it('creates its data folder, parents included, on first start and keeps data across restarts', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createDatabase } = await import('../src/database.ts');
    const root = mkdtempSync(path.join(tmpdir(), 'paydesk-pglite-'));
    const dataDir = path.join(root, 'nested', 'pglite');
    try {
      const first = await createDatabase({ dataDir });
      await sql`CREATE TABLE kept (value int)`.execute(first.db);
      await sql`INSERT INTO kept VALUES (42)`.execute(first.db);
      await first.destroy();
      const second = await createDatabase({ dataDir });
      const rows = await sql<{ value: number }>`SELECT value FROM kept`.execute(second.db);
      await second.destroy();
      expect(rows.rows).toEqual([{ value: 42 }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
