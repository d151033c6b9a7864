import type { ZodType } from 'zod';
import { ProviderHttpError } from '../errors.ts';
import type { CallSafety, ClientOptions } from '../http/transport.ts';
import { HttpTransport } from '../http/transport.ts';
import { KASHA_HEADERS, KASHA_PATHS } from './api-paths.ts';
import type {
  KashaCompleteSessionInput,
  KashaConfirmPayoutAnswer,
  KashaPayoutAction,
  KashaPaymentSessionInput,
  KashaPayoutSessionInput,
  KashaRefundAnswer,
  KashaResult,
  KashaSession,
  KashaTransaction,
} from './schemas.ts';
import {
  kashaConfirmPayoutAnswerSchema,
  kashaPayoutSessionSchema,
  kashaRefundAnswerSchema,
  kashaResultSchema,
  kashaSessionSchema,
  kashaTransactionSchema,
} from './schemas.ts';
import { signKasha } from './webhook.ts';

export interface KashaCredentials {
  apiKey: string;
  /** Signs every request body; Kasha signs its callbacks with the same secret. */
  secret: string;
}

export type KashaClientOptions = ClientOptions<KashaCredentials>;

export interface MoneyCallOptions {
  /** Required: the outbox row's key, so a repeat after a doubt cannot move money twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

/**
 * Kasha API v2. Every request is signed; approving or declining a payout and refunding are
 * money-moving and never repeated on doubt (OutcomeUnknownError: look the transaction up).
 */
export class KashaClient {
  private readonly http: HttpTransport;
  private readonly credentials: KashaCredentials;

  constructor(options: KashaClientOptions) {
    this.http = new HttpTransport('kasha', options);
    this.credentials = options.credentials;
  }

  /** Current state of a pay-in or payout, the way to settle an uncertain outcome. */
  getTransaction(transactionId: string, options: { signal?: AbortSignal } = {}): Promise<KashaTransaction> {
    return this.call(
      'getTransaction',
      'GET',
      KASHA_PATHS.transaction(transactionId),
      undefined,
      kashaTransactionSchema,
      {
        safety: 'repeatable',
        signal: options.signal,
      },
    );
  }

  /** Approves or declines a PENDING payout. Money-moving. */
  confirmPayout(
    input: { transactionId: string; action: KashaPayoutAction },
    options: MoneyCallOptions,
  ): Promise<KashaConfirmPayoutAnswer> {
    return this.call(
      'confirmPayout',
      'POST',
      KASHA_PATHS.confirmPayout,
      { action: input.action, transactionId: input.transactionId },
      kashaConfirmPayoutAnswerSchema,
      { safety: 'money', ...options },
    );
  }

  /** Refunds a completed pay-in by the merchant reference we gave it. Money-moving. */
  refundByReference(input: { merchantReference: string }, options: MoneyCallOptions): Promise<KashaRefundAnswer> {
    return this.call(
      'refundByReference',
      'POST',
      KASHA_PATHS.refunds,
      { merchantReference: input.merchantReference },
      kashaRefundAnswerSchema,
      { safety: 'money', ...options },
    );
  }

  /** Starts a pay-in session and lists its payment options. */
  createPaymentSession(input: KashaPaymentSessionInput, options: { signal?: AbortSignal } = {}): Promise<KashaSession> {
    return this.call('createPaymentSession', 'POST', KASHA_PATHS.paymentOptions, input, kashaSessionSchema, {
      safety: 'repeatable',
      signal: options.signal,
    });
  }

  /** Completes a pay-in session; a session takes one payment only, so a repeat cannot charge twice. */
  postPayment(input: KashaCompleteSessionInput, options: { signal?: AbortSignal } = {}): Promise<KashaResult> {
    return this.call('postPayment', 'POST', KASHA_PATHS.payments, input, kashaResultSchema, {
      safety: 'repeatable',
      signal: options.signal,
    });
  }

  /** Starts a payout session and lists its payout options. */
  createPayoutSession(input: KashaPayoutSessionInput, options: { signal?: AbortSignal } = {}): Promise<KashaSession> {
    return this.call('createPayoutSession', 'POST', KASHA_PATHS.payoutOptions, input, kashaPayoutSessionSchema, {
      safety: 'repeatable',
      signal: options.signal,
    });
  }

  /** Creates a payout, which then waits PENDING for confirmPayout; one per session. */
  createPayout(input: KashaCompleteSessionInput, options: { signal?: AbortSignal } = {}): Promise<KashaResult> {
    return this.call('createPayout', 'POST', KASHA_PATHS.payouts, input, kashaResultSchema, {
      safety: 'repeatable',
      signal: options.signal,
    });
  }

  private call<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: ZodType<T>,
    options: { safety: CallSafety; idempotencyKey?: string; signal?: AbortSignal | undefined },
  ): Promise<T> {
    // Signed bytes must be the sent bytes, so the body is serialised once, here.
    const text = body === undefined ? '' : JSON.stringify(body);
    const signature = signKasha(text, this.credentials.secret);
    return this.http.sendJson(
      {
        operation,
        method,
        path,
        ...(body === undefined ? {} : { body: text, contentType: 'application/json' }),
        headers: () => ({
          [KASHA_HEADERS.apiKey]: this.credentials.apiKey,
          [KASHA_HEADERS.signature]: signature,
          ...(options.idempotencyKey ? { [KASHA_HEADERS.idempotencyKey]: options.idempotencyKey } : {}),
        }),
        safety: options.safety,
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      schema,
    );
  }
}

/** True when Kasha refused a refund because the transaction was already refunded (the sandbox's decided answer). */
export function isKashaAlreadyRefunded(error: unknown): boolean {
  if (!(error instanceof ProviderHttpError) || error.provider !== 'kasha' || error.status !== 400) return false;
  const body = error.body;
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'REFUNDED';
}
