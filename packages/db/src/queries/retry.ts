/** PostgreSQL's "deadlock detected" and "could not serialize": safe to run the transaction again. */
const retryableCodes = new Set(['40P01', '40001']);

export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock victim. Two
 * writers can meet on the same rollup rows in opposite orders; the loser is rolled back
 * intact, so running it again is correct.
 */
export async function retryTransaction<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
