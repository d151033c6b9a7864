import type { ZodType } from 'zod';
import { sendWithBearer, TokenCache } from '../http/token-cache.ts';
import type { CallSpec, ClientOptions } from '../http/transport.ts';
import { HttpTransport } from '../http/transport.ts';
import type { KlaviCreatePaymentInput, KlaviPayment, KlaviPaymentStatus } from './schemas.ts';
import { klaviPaymentSchema, klaviPaymentStatusSchema, klaviTokenSchema } from './schemas.ts';

export interface KlaviCredentials {
  accessKey: string;
  secretKey: string;
}

export type KlaviClientOptions = ClientOptions<KlaviCredentials>;

export const KLAVI_PATHS = {
  auth: '/payment/customer/v1/auth',
  payments: '/payment/customer/v1/instant/payments',
  payment: (id: string) => `/payment/customer/v1/instant/payments/${encodeURIComponent(id)}`,
  paymentStatus: (id: string) => `/payment/customer/v1/instant/payments/${encodeURIComponent(id)}/status`,
} as const;

/** Klavi Pix initiation API: access token, payment creation, and the status that polling follows. */
export class KlaviClient {
  private readonly http: HttpTransport;
  private readonly tokens: TokenCache;
  private readonly credentials: KlaviCredentials;

  constructor(options: KlaviClientOptions) {
    this.http = new HttpTransport('klavi', options);
    this.credentials = options.credentials;
    this.tokens = new TokenCache(
      () => this.requestToken(),
      () => this.http.now(),
    );
  }

  /** Number of access tokens obtained so far (renewals included). */
  get tokensIssued(): number {
    return this.tokens.tokensIssued;
  }

  /** Full payment details, for a payment we have not seen before. */
  getPayment(id: string, options: { signal?: AbortSignal } = {}): Promise<KlaviPayment> {
    return this.authorized(
      {
        operation: 'getPayment',
        method: 'GET',
        path: KLAVI_PATHS.payment(id),
        safety: 'repeatable',
        signal: options.signal,
      },
      klaviPaymentSchema,
    );
  }

  /** The payment's current status: the source of truth, to poll every few seconds until final. */
  getPaymentStatus(id: string, options: { signal?: AbortSignal } = {}): Promise<KlaviPaymentStatus> {
    return this.authorized(
      {
        operation: 'getPaymentStatus',
        method: 'GET',
        path: KLAVI_PATHS.paymentStatus(id),
        safety: 'repeatable',
        signal: options.signal,
      },
      klaviPaymentStatusSchema,
    );
  }

  /**
   * Creates a payment. Retried on transient failures because Klavi answers 409 to a second
   * payment with the same `clientRequestId`: a 409 after a retry means the first went through.
   */
  createPayment(input: KlaviCreatePaymentInput, options: { signal?: AbortSignal } = {}): Promise<KlaviPayment> {
    return this.authorized(
      {
        operation: 'createPayment',
        method: 'POST',
        path: KLAVI_PATHS.payments,
        body: JSON.stringify({ currency: 'BRL', ...input }),
        contentType: 'application/json',
        safety: 'repeatable',
        signal: options.signal,
      },
      klaviPaymentSchema,
    );
  }

  private authorized<T>(spec: Omit<CallSpec, 'headers'>, schema: ZodType<T>): Promise<T> {
    return sendWithBearer(this.http, this.tokens, spec, schema);
  }

  private async requestToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const answer = await this.http.sendJson(
      {
        operation: 'requestToken',
        method: 'POST',
        path: KLAVI_PATHS.auth,
        body: JSON.stringify({ accessKey: this.credentials.accessKey, secretKey: this.credentials.secretKey }),
        contentType: 'application/json',
        safety: 'repeatable',
      },
      klaviTokenSchema,
    );
    return { token: answer.accessToken, expiresInSeconds: answer.expireIn };
  }
}
