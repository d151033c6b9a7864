import type { Generated } from 'kysely';
import type { Json, Timestamp } from './common.ts';

export interface StaffUsersTable {
  id: Generated<string>;
  /** Stored lower-cased. */
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: Timestamp | null;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  preferences: Generated<Json<Record<string, unknown>>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Server-side sessions; the id is a hash of the cookie token, never the token itself. */
export interface StaffSessionsTable {
  id: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SavedViewsTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  /** The search query string, as it appears in the URL. */
  query: string;
  is_shared: Generated<boolean>;
  created_at: Generated<Date>;
}
