/** Session and sign-in limits (OWASP ASVS level 2 for staff handling payment data). */
export const sessionPolicy = {
  idleTimeoutMs: 15 * 60_000,
  absoluteLifetimeMs: 12 * 60 * 60_000,
  /** last_seen_at is written at most this often, so reads do not each cost a write. */
  touchEveryMs: 60_000,
  maxFailedAttempts: 10,
  lockoutMs: 30 * 60_000,
  /** Failed sign-ins one address may make in `ipWindowMs` before it must wait. */
  maxFailuresPerIp: 30,
  ipWindowMs: 15 * 60_000,
} as const;

export const sessionCookieName = 'paydesk_session';
