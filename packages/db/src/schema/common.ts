import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column the database fills in on insert. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A bigint column holding integer minor units; crosses into JS as a safe integer number. */
export type MinorUnits = ColumnType<number, number | bigint, number | bigint>;
/** A jsonb column. */
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
export type IdentityId = Generated<number>;
export type { Generated };
