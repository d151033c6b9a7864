import type { ZodType } from 'zod';
import {
  OutcomeUnknownError,
  ProviderError,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderParseError,
  ProviderTimeoutError,
} from '../errors.ts';
import { parseBodyLoosely, validateJson } from '../json.ts';
import type { ClockLike, Provider } from '../types.ts';
import { readClock } from '../types.ts';

export interface RetryOptions {
  /** Total sends, the first one included. 1 turns retries off. */
  maxAttempts: number;
  /** Upper bound of the first backoff; it doubles per attempt (full jitter picks 0..bound). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the error is thrown instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Options every provider client shares. */
export interface ClientOptions<Credentials> {
  baseUrl: string;
  credentials: Credentials;
  fetch?: typeof fetch;
  /** Per attempt, connection to last byte. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Used for token expiry and Retry-After dates. */
  clock?: ClockLike;
  /** Randomness for backoff jitter; tests may fix it. */
  random?: () => number;
}

/**
 * `repeatable`: sending twice is harmless (reads, token requests, creations guarded by a
 * provider-side unique key), so timeouts, network errors and 502/503/504 are retried.
 * `money`: moves money; only a 429 or a connection that never opened is retried, every
 * other doubt becomes OutcomeUnknownError.
 */
export type CallSafety = 'repeatable' | 'money';

export interface CallSpec {
  operation: string;
  method: 'GET' | 'POST';
  /** Path and query, appended to the base URL. */
  path: string;
  body?: string;
  contentType?: string;
  /** Built again for every attempt, so a renewed token goes with a retry. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  safety: CallSafety;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  attempts: number;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
// Failures that happen before a single byte of the request is written.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** HTTP with a timeout per attempt, retries with full-jitter backoff, and typed errors. */
export class HttpTransport {
  readonly provider: Provider;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly clock: ClockLike | undefined;
  private readonly random: () => number;

  constructor(provider: Provider, options: Omit<ClientOptions<unknown>, 'credentials'>) {
    this.provider = provider;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
  }

  now(): number {
    return readClock(this.clock);
  }

  /** Sends until a 2xx answer, or throws a ProviderError subclass. */
  async send(spec: CallSpec): Promise<CallResult> {
    const url = this.baseUrl + spec.path;
    for (let attempt = 1; ; attempt++) {
      const info = {
        provider: this.provider,
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        attempts: attempt,
      };
      const canRetry = attempt < this.retry.maxAttempts;
      const headers: Record<string, string> = { accept: 'application/json', ...(await spec.headers?.()) };
      if (spec.contentType) headers['content-type'] = spec.contentType;

      let response: Response;
      let text: string;
      try {
        const timeout = AbortSignal.timeout(this.timeoutMs);
        const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
        response = await this.fetchImpl(url, { method: spec.method, headers, body: spec.body, signal });
        text = await response.text();
      } catch (error) {
        if (spec.signal?.aborted) throw error;
        if (error instanceof ProviderError) throw error;
        const failure = this.classifyFailure(error, info);
        const mayHaveArrived = failure instanceof ProviderTimeoutError || failure.sent;
        if (spec.safety === 'money' && mayHaveArrived) {
          throw new OutcomeUnknownError({ ...info, idempotencyKey: spec.idempotencyKey }, failure);
        }
        if (!canRetry) throw failure;
        await this.sleep(this.backoff(attempt), spec.signal);
        continue;
      }

      if (response.ok) return { status: response.status, headers: response.headers, text, attempts: attempt };

      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
      const httpError = new ProviderHttpError({
        ...info,
        status: response.status,
        body: parseBodyLoosely(text),
        retryAfterMs,
      });
      // A 429 means the provider refused before doing anything, so even money calls may repeat it.
      if (response.status >= 500 && spec.safety === 'money') {
        throw new OutcomeUnknownError({ ...info, idempotencyKey: spec.idempotencyKey }, httpError);
      }
      const waitIsAcceptable = retryAfterMs === undefined || retryAfterMs <= this.retry.maxRetryAfterMs;
      if (RETRYABLE_STATUSES.has(response.status) && canRetry && waitIsAcceptable) {
        await this.sleep(retryAfterMs ?? this.backoff(attempt), spec.signal);
        continue;
      }
      throw httpError;
    }
  }

  /** Sends, then reads the body as JSON and validates it; unexpected bodies become ProviderParseError. */
  async sendJson<T>(spec: CallSpec, schema: ZodType<T>): Promise<T> {
    const result = await this.send(spec);
    const info = {
      provider: this.provider,
      operation: spec.operation,
      method: spec.method,
      path: spec.path,
      attempts: result.attempts,
    };
    let value: unknown;
    try {
      value = JSON.parse(result.text);
    } catch (error) {
      const problem = `body is not JSON: ${error instanceof Error ? error.message : String(error)}`;
      throw new ProviderParseError({ ...info, body: result.text, problems: [problem] });
    }
    const checked = validateJson(schema, value);
    if (!checked.ok) throw new ProviderParseError({ ...info, body: value, problems: checked.problems });
    return checked.data;
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private classifyFailure(
    error: unknown,
    info: { provider: Provider; operation: string; method: string; path: string; attempts: number },
  ): ProviderTimeoutError | ProviderNetworkError {
    if (isTimeout(error)) return new ProviderTimeoutError({ ...info, timeoutMs: this.timeoutMs }, { cause: error });
    const codes = collectErrorCodes(error);
    const sent = codes.length === 0 || codes.some((code) => !NOT_SENT_CODES.has(code));
    return new ProviderNetworkError({ ...info, sent, errorCode: codes[0] }, { cause: error });
  }

  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Retry-After as delta seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

// undici wraps the socket error in `cause`, sometimes as an AggregateError of several attempts.
function collectErrorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || error === null || typeof error !== 'object') return [];
  const codes: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') codes.push(code);
  if (error instanceof AggregateError)
    for (const inner of error.errors) codes.push(...collectErrorCodes(inner, depth + 1));
  codes.push(...collectErrorCodes((error as { cause?: unknown }).cause, depth + 1));
  return codes;
}
