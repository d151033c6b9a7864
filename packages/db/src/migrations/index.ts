import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-21T0740-initial.ts';

/**
 * Every migration, by name. A static list (not a folder scan) works the same under tsx,
 * vitest and bundlers; names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21T0740-initial': initial,
};
