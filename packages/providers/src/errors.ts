import type { Provider } from './types.ts';

export type ProviderErrorCode =
  'PROVIDER_HTTP_ERROR' | 'PROVIDER_TIMEOUT' | 'PROVIDER_NETWORK_ERROR' | 'PROVIDER_PARSE_ERROR' | 'OUTCOME_UNKNOWN';

interface RequestInfo {
  provider: Provider;
  /** Client method that made the call, e.g. `confirmPayout`. */
  operation: string;
  method: string;
  path: string;
  /** How many times the request was sent before giving up. */
  attempts: number;
}

/** Base of every error a provider client throws, so callers can catch them as one family. */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly provider: Provider;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;

  constructor(code: ProviderErrorCode, info: RequestInfo, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.provider = info.provider;
    this.operation = info.operation;
    this.method = info.method;
    this.path = info.path;
    this.attempts = info.attempts;
  }
}

/** The provider answered with a non-2xx status; its body is kept as parsed JSON, or as text when it is not JSON. */
export class ProviderHttpError extends ProviderError {
  readonly status: number;
  readonly body: unknown;
  /** Delay the provider asked for in `Retry-After`, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(info: RequestInfo & { status: number; body: unknown; retryAfterMs?: number }) {
    super(
      'PROVIDER_HTTP_ERROR',
      info,
      `${info.provider} ${info.operation} answered HTTP ${info.status}: ${summarizeBody(info.body)}`,
    );
    this.status = info.status;
    this.body = info.body;
    this.retryAfterMs = info.retryAfterMs;
  }
}

/** No answer arrived within the per-request timeout. */
export class ProviderTimeoutError extends ProviderError {
  readonly timeoutMs: number;

  constructor(info: RequestInfo & { timeoutMs: number }, options?: { cause?: unknown }) {
    super(
      'PROVIDER_TIMEOUT',
      info,
      `${info.provider} ${info.operation} gave no answer within ${info.timeoutMs} ms`,
      options,
    );
    this.timeoutMs = info.timeoutMs;
  }
}

/** The connection failed. `sent` is false only when the request certainly never left (e.g. connection refused). */
export class ProviderNetworkError extends ProviderError {
  readonly sent: boolean;
  /** Low-level error code such as ECONNREFUSED or UND_ERR_SOCKET, when known. */
  readonly errorCode: string | undefined;

  constructor(info: RequestInfo & { sent: boolean; errorCode?: string }, options?: { cause?: unknown }) {
    super(
      'PROVIDER_NETWORK_ERROR',
      info,
      `${info.provider} ${info.operation} failed on the network (${info.errorCode ?? 'no code'}${
        info.sent ? ', possibly after the request was sent' : ', before the request was sent'
      })`,
      options,
    );
    this.sent = info.sent;
    this.errorCode = info.errorCode;
  }
}

/** A 2xx answer whose body is not the JSON we expect. */
export class ProviderParseError extends ProviderError {
  readonly body: unknown;
  readonly problems: string[];

  constructor(info: RequestInfo & { body: unknown; problems: string[] }) {
    super(
      'PROVIDER_PARSE_ERROR',
      info,
      `${info.provider} ${info.operation} answered unexpectedly: ${info.problems.join('; ')}`,
    );
    this.body = info.body;
    this.problems = info.problems;
  }
}

/**
 * A money-moving call may or may not have taken effect (timeout, connection lost after
 * sending, 5xx). It is never retried automatically: look the transaction up first, then
 * decide. `cause` holds the underlying timeout, network or HTTP error.
 */
export class OutcomeUnknownError extends ProviderError {
  readonly idempotencyKey: string | undefined;

  constructor(info: RequestInfo & { idempotencyKey?: string }, cause: ProviderError) {
    super(
      'OUTCOME_UNKNOWN',
      info,
      `${info.provider} ${info.operation} may or may not have taken effect (${cause.message}); look the transaction up before trying again`,
      { cause },
    );
    this.idempotencyKey = info.idempotencyKey;
  }
}

/** True for any error thrown by a provider client. */
export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

function summarizeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '(empty body)';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
