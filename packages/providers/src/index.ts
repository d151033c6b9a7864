// Provider clients, webhook verification and parsing. Sandboxes live in './sandbox/index.ts'
// so production code never loads them.

export * from './kashimi/index.ts';
export * from './klavi/index.ts';
export * from './kasha/index.ts';
export {
  OutcomeUnknownError,
  ProviderError,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderParseError,
  ProviderTimeoutError,
  isProviderError,
} from './errors.ts';
export type { ProviderErrorCode } from './errors.ts';
export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, parseRetryAfter } from './http/transport.ts';
export type { CallSafety, ClientOptions, RetryOptions } from './http/transport.ts';
export { readClock } from './types.ts';
export type {
  ClockLike,
  EventSource,
  HeaderSource,
  ParseResult,
  ProviderEventHints,
  ProviderPaymentSnapshot,
  ProviderStatusEvent,
  RawBody,
  VerifyResult,
} from './types.ts';
