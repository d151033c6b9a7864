import { STEP_RULES, type StepRule } from '@paydesk/domain';
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database, PaymentsTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

// The queue of payments whose outcome is uncertain: UNKNOWN (Kashimi UNKNOWN, Kasha 1100
// and statuses we do not know), Klavi's partial acceptance, and any open payment that has
// sat in its step longer than usual (STEP_RULES in the domain, turned into SQL here so the
// database and the screen agree on "stuck").

export const UNCERTAIN_COLUMNS = [
  'id',
  'provider',
  'direction',
  'method',
  'provider_payment_id',
  'merchant_reference',
  'amount_minor',
  'currency',
  'country',
  'status',
  'provider_status',
  'detailed_status',
  'phase',
  'failure_category',
  'failure_codes',
  'status_at',
  'created_at',
  'last_checked_at',
  'next_check_at',
  'check_attempts',
] as const satisfies readonly (keyof PaymentsTable)[];

export type UncertainPaymentRow = Pick<Selectable<PaymentsTable>, (typeof UNCERTAIN_COLUMNS)[number]>;

function ruleCondition(rule: StepRule): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`provider = ${rule.provider}`];
  if (rule.status !== undefined) parts.push(sql<SqlBool>`status = ${rule.status}`);
  if (rule.phase !== undefined) parts.push(rule.phase === null ? sql<SqlBool>`phase IS NULL` : sql<SqlBool>`phase = ${rule.phase}`);
  if (rule.direction !== undefined) parts.push(sql<SqlBool>`direction = ${rule.direction}`);
  if (rule.methods !== undefined) parts.push(sql<SqlBool>`method IN (${sql.join(rule.methods)})`);
  if (rule.providerStatuses !== undefined) parts.push(sql<SqlBool>`upper(provider_status) IN (${sql.join(rule.providerStatuses)})`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/** How long the payment's current step usually lasts at most, in ms; NULL for steps that never count as stuck. */
function usualMaxMsExpression(): RawBuilder<number | null> {
  const branches = STEP_RULES.map(
    (rule) => sql`WHEN ${ruleCondition(rule)} THEN ${rule.usualMaxMs === null ? sql`NULL` : sql`${rule.usualMaxMs}::bigint`}`,
  );
  return sql<number | null>`(CASE ${sql.join(branches, sql` `)} ELSE NULL END)`;
}

function uncertainCondition(now: Date): RawBuilder<SqlBool> {
  // The status IN (...) matches the partial index payments_open_status_at_idx.
  return sql<SqlBool>`status IN ('PENDING', 'UNKNOWN') AND (
      status = 'UNKNOWN'
      OR (provider = 'klavi' AND upper(provider_status) = 'PAYMENT_PARTIALLY_ACCEPTED')
      OR status_at < ${now}::timestamptz - make_interval(secs => ${usualMaxMsExpression()} / 1000.0)
    )`;
}

export interface UncertainFilter {
  provider?: string | undefined;
}

/** Oldest step first (it has waited longest), keyset-paginated on (status_at, id). */
export async function listUncertainPayments(
  db: Db,
  options: { now: Date; filter: UncertainFilter; after?: { statusAt: string; id: string } | undefined; limit: number },
): Promise<Array<UncertainPaymentRow & { cursor_time: string }>> {
  let query = db
    .selectFrom('payments')
    .select(UNCERTAIN_COLUMNS)
    .select(sql<string>`status_at::text`.as('cursor_time'))
    .where(uncertainCondition(options.now));
  if (options.filter.provider) query = query.where('provider', '=', options.filter.provider);
  if (options.after) query = query.where(sql<SqlBool>`(status_at, id) > (${options.after.statusAt}::timestamptz, ${options.after.id}::uuid)`);
  return query.orderBy('status_at', 'asc').orderBy('id', 'asc').limit(options.limit).execute();
}

/** How many payments are uncertain, exact up to `cap`. */
export async function countUncertainPayments(
  db: Db,
  options: { now: Date; filter: UncertainFilter; cap: number },
): Promise<{ count: number; isCapped: boolean }> {
  const row = await db
    .selectFrom((eb) => {
      let inner = eb.selectFrom('payments').select(sql<number>`1`.as('one')).where(uncertainCondition(options.now));
      if (options.filter.provider) inner = inner.where('provider', '=', options.filter.provider);
      return inner.limit(options.cap + 1).as('uncertain');
    })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  return count > options.cap ? { count: options.cap, isCapped: true } : { count, isCapped: false };
}
