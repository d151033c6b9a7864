import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type AuditLogRow = Selectable<AuditLogTable>;

export interface AuditEntry {
  actor: { id: string; email: string; role: string } | null;
  action: string;
  target?: { type: string; id: string } | null;
  outcome: 'success' | 'failure' | 'denied';
  before?: unknown;
  after?: unknown;
  details?: unknown;
  ip: string | null;
  requestId: string | null;
  at?: Date;
}

const asJson = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends one row; the table refuses any later change. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      ...(entry.at ? { occurred_at: entry.at } : {}),
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      outcome: entry.outcome,
      before: asJson(entry.before),
      after: asJson(entry.after),
      details: asJson(entry.details),
      ip: entry.ip,
      request_id: entry.requestId,
    })
    .execute();
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Newest first, keyset-paginated on (occurred_at, id). */
export async function listAudit(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; after?: { occurredAt: string; id: number } | undefined },
): Promise<Array<AuditLogRow & { cursor_time: string }>> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    // Full microsecond precision for the cursor; a JS Date would drop it.
    .select(sql<string>`occurred_at::text`.as('cursor_time'));
  if (filter.actor) query = query.where('actor_email', 'ilike', `%${escapeLike(filter.actor)}%`);
  if (filter.action) query = query.where('action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.target) query = query.where('target_id', '=', filter.target);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (page.after) {
    const { occurredAt, id } = page.after;
    query = query.where(sql<boolean>`(occurred_at, id) < (${occurredAt}::timestamptz, ${id})`);
  }
  return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/** Failed sign-ins from one address since a moment: the per-IP limit reads the audit trail. */
export async function countFailedSignInsFromIp(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'auth.sign_in')
    .where('outcome', '!=', 'success')
    .where('ip', '=', ip)
    .where('occurred_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
