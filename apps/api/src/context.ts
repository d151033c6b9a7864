import type { Kysely } from 'kysely';
import type { Database } from '@paydesk/db';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';

export interface AppConfig {
  businessTimeZone: string;
}

/** What every procedure can use; built without HTTP in tests. */
export interface Context {
  db: Kysely<Database>;
  clock: Clock;
  config: AppConfig;
  log: Logger;
  requestId: string;
  ip: string | null;
}

export type ContextServices = Pick<Context, 'db' | 'clock' | 'config' | 'log'>;

export function createInnerContext(services: ContextServices, request: { requestId: string; ip: string | null }): Context {
  return { ...services, ...request };
}
