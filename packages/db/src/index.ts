export { createDatabase, parseInt8, type Backend, type DatabaseOptions, type ListenOptions, type PaydeskDatabase } from './database.ts';
export { migrateToLatest, migrateDown } from './migrate.ts';
export { executePrepared, MAX_PREPARED_STATEMENTS, preparedStatementName } from './prepared-statements.ts';
export type * from './schema/index.ts';
export * from './queries/index.ts';
