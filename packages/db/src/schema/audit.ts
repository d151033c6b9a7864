import type { Generated } from 'kysely';
import type { Json } from './common.ts';

/** Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  before: Json | null;
  after: Json | null;
  details: Json | null;
  ip: string | null;
  request_id: string | null;
}
