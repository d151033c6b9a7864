import { toMinorUnits } from '@paydesk/domain';
import { z } from 'zod';
import { parseProviderTimestamp } from './json.ts';

// Building blocks for provider schemas. Identifiers and timestamps are checked strictly
// because ingestion keys on them; statuses and codes are plain strings so a value no
// catalog knows is kept, never rejected.

export const idString = z.string().refine((value) => value.trim() !== '', 'must not be empty');

export const timestampString = z
  .string()
  .refine((value) => parseProviderTimestamp(value) !== undefined, 'is not a valid timestamp');

/** A code that may come as a string or a number ("000" or 0); kept as sent, read with `String()`. */
export const codeValue = z.union([z.string(), z.number()]);

/**
 * A list of reason codes, kept as sent (`null`, missing, odd elements) so the payload
 * stays raw; `readCodes` extracts the usable codes. A status must not be lost because
 * one reason in it is malformed.
 */
export const codeList = z.array(z.unknown()).nullish();

/** The usable codes of a code list: non-blank strings, and numbers as strings. */
export function readCodes(values: readonly unknown[] | null | undefined): string[] {
  return (values ?? []).flatMap((value) =>
    typeof value === 'string' && value.trim() !== '' ? [value] : typeof value === 'number' ? [String(value)] : [],
  );
}

/** Converts without throwing: undefined when the amount cannot be expressed in the currency. */
export function tryMinorUnits(amount: number | string, currency: string): number | undefined {
  try {
    return toMinorUnits(amount, currency);
  } catch {
    return undefined;
  }
}

/** Adds an issue on `path` when `amount` is not an exact amount of `currency`. */
export function checkAmount(
  ctx: z.RefinementCtx,
  amount: number | string,
  currency: string,
  path: (string | number)[],
): void {
  try {
    toMinorUnits(amount, currency);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `is not an amount of ${currency}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

/** The timestamp a schema already checked; the fallback only guards against misuse. */
export function toDate(value: string): Date {
  return parseProviderTimestamp(value) ?? new Date(Number.NaN);
}
