import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, OutboxTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type OutboxRow = Selectable<OutboxTable>;

export interface NewOutboxCommand {
  kind: string;
  paymentId: string | null;
  idempotencyKey: string;
  payload: unknown;
  now: Date;
}

/**
 * Queues a command for the outbox worker, inside the caller's transaction, so the command
 * exists exactly when the decision that caused it does. The idempotency key is UNIQUE: a
 * second command for the same decision fails the transaction instead of doubling it.
 */
export async function insertOutboxCommand(trx: Transaction<Database>, command: NewOutboxCommand): Promise<number> {
  const row = await trx
    .insertInto('outbox')
    .values({
      kind: command.kind,
      payment_id: command.paymentId,
      idempotency_key: command.idempotencyKey,
      payload: JSON.stringify(command.payload),
      state: 'pending',
      next_attempt_at: command.now,
      created_at: command.now,
      updated_at: command.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes up to `limit` due commands for `leaseMs`, the way claimInboxDeliveries does: SKIP
 * LOCKED lets several workers claim at once, and the lease (next_attempt_at and
 * locked_until pushed forward) keeps others off a claimed command until it is done or its
 * worker has died. Commands found `in_flight` were left by a dead worker: their call may
 * have reached the provider, so the worker looks them up instead of sending.
 */
export async function claimOutboxCommands(
  db: Kysely<Database>,
  options: { now: Date; limit: number; leaseMs: number; kinds?: readonly string[] },
): Promise<OutboxRow[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  return db
    .updateTable('outbox')
    .set((eb) => ({ next_attempt_at: leaseUntil, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) => {
      let due = eb
        .selectFrom('outbox')
        .select('id')
        .where(sql<boolean>`state IN ('pending', 'in_flight', 'unknown')`)
        .where('next_attempt_at', '<=', options.now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked();
      if (options.kinds) due = due.where('kind', 'in', options.kinds);
      return due;
    })
    .returningAll()
    .execute();
}

/**
 * Locks a claimed command for a state change, but only while the caller's lease holds:
 * if the lease ran out and another worker claimed the command, this returns undefined and
 * the caller must stop (its view of the command is stale).
 */
export async function lockLeasedOutboxCommand(trx: Transaction<Database>, id: number, leaseUntil: Date): Promise<OutboxRow | undefined> {
  return trx.selectFrom('outbox').selectAll().where('id', '=', id).where('locked_until', '=', leaseUntil).forUpdate().executeTakeFirst();
}

export async function updateOutboxCommand(db: Db, id: number, changes: Updateable<OutboxTable>): Promise<void> {
  await db.updateTable('outbox').set(changes).where('id', '=', id).execute();
}

export async function findOutboxCommandByKey(db: Db, idempotencyKey: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** How many commands are in each state (monitoring, tests). */
export async function countOutboxByState(db: Db, kinds?: readonly string[]): Promise<Record<string, number>> {
  let query = db.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state');
  if (kinds) query = query.where('kind', 'in', kinds);
  const rows = await query.execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}
