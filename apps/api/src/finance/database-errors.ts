/**
 * True when the error is PostgreSQL's unique violation (23505), optionally of one named
 * constraint. pg and PGlite both report the SQLSTATE as `code` and the constraint's name.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || name === constraint);
}
