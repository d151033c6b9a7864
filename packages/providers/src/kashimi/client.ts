import type { ZodType } from 'zod';
import { sendWithBearer, TokenCache } from '../http/token-cache.ts';
import type { CallSpec, ClientOptions } from '../http/transport.ts';
import { HttpTransport } from '../http/transport.ts';
import type {
  KashimiBank,
  KashimiInitiatedPayment,
  KashimiInitiatePaymentInput,
  KashimiPayment,
  KashimiStatusRecord,
} from './schemas.ts';
import {
  kashimiBankListSchema,
  kashimiInitiatedPaymentSchema,
  kashimiPaymentSchema,
  kashimiStatusHistorySchema,
  kashimiStatusRecordSchema,
  kashimiTokenSchema,
} from './schemas.ts';

export interface KashimiCredentials {
  clientId: string;
  clientSecret: string;
  /** Defaults to every scope the back office needs. */
  scope?: string;
}

export type KashimiClientOptions = ClientOptions<KashimiCredentials>;

export const KASHIMI_DEFAULT_SCOPE = 'payments:read payments:write providers:read';

export const KASHIMI_PATHS = {
  token: '/api/v1/auth/token',
  banks: '/api/v1/capabilities/providers',
  payments: '/api/v1/ob/payments',
  payment: (paymentId: string) => `/api/v1/ob/payments/${encodeURIComponent(paymentId)}`,
  latestStatus: '/api/v1/payment-statuses/latest',
  statusArchive: '/api/v1/archive/payment-statuses',
} as const;

/** Kashimi open-banking API: OAuth2 client credentials, bank list, payment initiation and status. */
export class KashimiClient {
  private readonly http: HttpTransport;
  private readonly tokens: TokenCache;
  private readonly credentials: KashimiCredentials;

  constructor(options: KashimiClientOptions) {
    this.http = new HttpTransport('kashimi', options);
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

  /** Banks (Kashimi calls them providers) available to this client. */
  listBanks(options: { signal?: AbortSignal } = {}): Promise<KashimiBank[]> {
    return this.authorized(
      {
        operation: 'listBanks',
        method: 'GET',
        path: KASHIMI_PATHS.banks,
        safety: 'repeatable',
        signal: options.signal,
      },
      kashimiBankListSchema,
    );
  }

  /** The most recent status record of a payment. */
  getLatestStatus(paymentId: string, options: { signal?: AbortSignal } = {}): Promise<KashimiStatusRecord> {
    return this.authorized(
      {
        operation: 'getLatestStatus',
        method: 'GET',
        path: `${KASHIMI_PATHS.latestStatus}?paymentId=${encodeURIComponent(paymentId)}`,
        safety: 'repeatable',
        signal: options.signal,
      },
      kashimiStatusRecordSchema,
    );
  }

  /** Every status record of a payment, oldest first; the steps webhooks skip are only here. */
  async getStatusHistory(paymentId: string, options: { signal?: AbortSignal } = {}): Promise<KashimiStatusRecord[]> {
    const records = await this.authorized(
      {
        operation: 'getStatusHistory',
        method: 'GET',
        path: `${KASHIMI_PATHS.statusArchive}?paymentId=${encodeURIComponent(paymentId)}`,
        safety: 'repeatable',
        signal: options.signal,
      },
      kashimiStatusHistorySchema,
    );
    // Documented as oldest first; sorting again costs nothing and protects the timeline.
    return records
      .map((record, index) => ({ record, index, at: Date.parse(record.createdAt) }))
      .sort((a, b) => a.at - b.at || a.index - b.index)
      .map(({ record }) => record);
  }

  /** Payment details (amount, bank, references) for a payment we have not seen before. */
  getPayment(paymentId: string, options: { signal?: AbortSignal } = {}): Promise<KashimiPayment> {
    return this.authorized(
      {
        operation: 'getPayment',
        method: 'GET',
        path: KASHIMI_PATHS.payment(paymentId),
        safety: 'repeatable',
        signal: options.signal,
      },
      kashimiPaymentSchema,
    );
  }

  /**
   * Starts a payment. Retried on transient failures because Kashimi refuses a second
   * payment with the same `metadata.endToEndId` (409): a 409 after a retry means the
   * first attempt went through.
   */
  initiatePayment(
    input: KashimiInitiatePaymentInput,
    options: { signal?: AbortSignal } = {},
  ): Promise<KashimiInitiatedPayment> {
    const body = {
      ...(input.providerId === undefined ? {} : { provider: { id: input.providerId } }),
      paymentScheme: input.paymentScheme,
      sender: input.sender,
      recipient: input.recipient,
      amount: input.amount,
      currency: input.currency,
      remittanceInformation: input.remittanceInformation,
      metadata: input.metadata,
    };
    return this.authorized(
      {
        operation: 'initiatePayment',
        method: 'POST',
        path: KASHIMI_PATHS.payments,
        body: JSON.stringify(body),
        contentType: 'application/json',
        safety: 'repeatable',
        signal: options.signal,
      },
      kashimiInitiatedPaymentSchema,
    );
  }

  private authorized<T>(spec: Omit<CallSpec, 'headers'>, schema: ZodType<T>): Promise<T> {
    return sendWithBearer(this.http, this.tokens, spec, schema);
  }

  private async requestToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const { clientId, clientSecret, scope = KASHIMI_DEFAULT_SCOPE } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
    const answer = await this.http.sendJson(
      {
        operation: 'requestToken',
        method: 'POST',
        path: KASHIMI_PATHS.token,
        body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers: () => ({ authorization: `Basic ${basic}` }),
        safety: 'repeatable',
      },
      kashimiTokenSchema,
    );
    return { token: answer.access_token, expiresInSeconds: answer.expires_in };
  }
}
