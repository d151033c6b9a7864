import type { ZodType } from 'zod';
import { ProviderHttpError } from '../errors.ts';
import type { CallSpec, HttpTransport } from './transport.ts';
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * Holds one bearer token and renews it shortly before it expires. Concurrent callers
 * share a single renewal, so a burst of requests makes one token request, not many.
 */
export class TokenCache {
  private current: { token: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;
  private issued = 0;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  /** How many tokens this cache has obtained. */
  get tokensIssued(): number {
    return this.issued;
  }

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    this.inFlight ??= this.renew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forgets `token` after the provider refused it; a newer token obtained meanwhile is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async renew(): Promise<string> {
    const issuedAt = this.now();
    const { token, expiresInSeconds } = await this.issue();
    this.issued += 1;
    const lifetimeMs = Math.max(0, expiresInSeconds * 1000);
    // Renew a minute early (a fifth of the lifetime for short-lived tokens) so a request
    // never leaves with a token that expires on the way.
    const margin = Math.min(60_000, lifetimeMs / 5);
    this.current = { token, renewAt: issuedAt + lifetimeMs - margin };
    return token;
  }
}

/**
 * Sends a call with the cached bearer token. A 401 usually means the token was revoked or
 * expired early: renew once and try again, then give up.
 */
export async function sendWithBearer<T>(
  http: HttpTransport,
  tokens: TokenCache,
  spec: Omit<CallSpec, 'headers'>,
  schema: ZodType<T>,
): Promise<T> {
  const token = await tokens.get();
  try {
    return await http.sendJson({ ...spec, headers: () => ({ authorization: `Bearer ${token}` }) }, schema);
  } catch (error) {
    if (!(error instanceof ProviderHttpError) || error.status !== 401) throw error;
    tokens.invalidate(token);
    const renewed = await tokens.get();
    return http.sendJson({ ...spec, headers: () => ({ authorization: `Bearer ${renewed}` }) }, schema);
  }
}
