import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The name each bank was last reported under, by bank id; ids never seen with a name are
 * absent. One index probe per id (payments_bank_created_idx), so a chart's few dozen banks
 * cost well under a millisecond whatever the number of payments.
 */
export async function bankNamesOf(db: Db, bankIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(bankIds.filter((id) => id !== ''))];
  if (ids.length === 0) return new Map();
  const result = await sql<{ bank_id: string; bank_name: string | null }>`
    SELECT ids.bank_id,
           (SELECT p.bank_name FROM payments p
             WHERE p.bank_id = ids.bank_id AND p.bank_name IS NOT NULL
             ORDER BY p.created_at DESC LIMIT 1) AS bank_name
      FROM unnest(ARRAY[${sql.join(ids)}]::text[]) AS ids(bank_id)`.execute(db);
  return new Map(result.rows.filter((row) => row.bank_name !== null).map((row) => [row.bank_id, row.bank_name!]));
}
