import type { Generated } from 'kysely';
import type { Json, Timestamp } from './common.ts';

/** Every delivery a provider sent us, stored raw before we answer. */
export interface WebhookInboxTable {
  id: Generated<number>;
  provider: string;
  received_at: Generated<Date>;
  headers: Json<Record<string, string>>;
  body: string;
  /** received | processed | duplicate | rejected | failed */
  state: string;
  reject_reason: string | null;
  event_key: string | null;
  provider_payment_id: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  locked_until: Timestamp | null;
  processed_at: Timestamp | null;
  last_error: string | null;
}

/** Commands to providers, sent after commit by the outbox worker. */
export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  payment_id: string | null;
  idempotency_key: string;
  payload: Json;
  /** pending | in_flight | succeeded | failed | unknown */
  state: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  result: Json | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
