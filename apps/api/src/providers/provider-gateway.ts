import type { Provider } from '@paydesk/domain';
import {
  KashaClient,
  KashimiClient,
  KlaviClient,
  kashaTransactionToEvent,
  kashaTransactionToSnapshot,
  kashimiPaymentToSnapshot,
  kashimiStatusToEvent,
  klaviPaymentToSnapshot,
  klaviStatusToEvent,
  type ProviderPaymentSnapshot,
  type ProviderStatusEvent,
  type RetryOptions,
} from '@paydesk/providers';
import type { ProviderSettings } from './provider-settings.ts';

export class ProviderNotConfiguredError extends Error {
  constructor(readonly provider: Provider) {
    super(`${provider} is not configured: set its base URL and credentials, or run with PAYDESK_SANDBOXES=on`);
  }
}

/** What ingestion asks of a provider, in provider-neutral terms. */
export interface ProviderGateway {
  isConfigured(provider: Provider): boolean;
  /** The payment's details, to create it on our side when a provider first mentions it. */
  fetchSnapshot(provider: Provider, providerPaymentId: string): Promise<ProviderPaymentSnapshot>;
  /** Every status the provider can tell us of now (Kashimi: its whole archive). */
  fetchStatusEvents(provider: Provider, providerPaymentId: string): Promise<ProviderStatusEvent[]>;
  readonly kasha: KashaClient | undefined;
}

export interface GatewayOptions {
  fetch?: typeof fetch;
  /** Per-request timeout; tests shorten it so injected timeouts do not take seconds. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

export function createProviderGateway(settings: ProviderSettings, options: GatewayOptions = {}): ProviderGateway {
  const common = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  };
  const kashimi = settings.kashimi
    ? new KashimiClient({
        baseUrl: settings.kashimi.baseUrl,
        credentials: { clientId: settings.kashimi.clientId, clientSecret: settings.kashimi.clientSecret },
        ...common,
      })
    : undefined;
  const klavi = settings.klavi
    ? new KlaviClient({ baseUrl: settings.klavi.baseUrl, credentials: { accessKey: settings.klavi.accessKey, secretKey: settings.klavi.secretKey }, ...common })
    : undefined;
  const kasha = settings.kasha
    ? new KashaClient({ baseUrl: settings.kasha.baseUrl, credentials: { apiKey: settings.kasha.apiKey, secret: settings.kasha.secret }, ...common })
    : undefined;

  function required<T>(provider: Provider, client: T | undefined): T {
    if (!client) throw new ProviderNotConfiguredError(provider);
    return client;
  }

  return {
    kasha,
    isConfigured: (provider) => ({ kashimi, klavi, kasha })[provider] !== undefined,
    async fetchSnapshot(provider, id) {
      switch (provider) {
        case 'kashimi':
          return kashimiPaymentToSnapshot(await required(provider, kashimi).getPayment(id));
        case 'klavi':
          return klaviPaymentToSnapshot(await required(provider, klavi).getPayment(id));
        case 'kasha':
          return kashaTransactionToSnapshot(await required(provider, kasha).getTransaction(id));
      }
    },
    async fetchStatusEvents(provider, id) {
      switch (provider) {
        case 'kashimi': {
          // The archive holds every step, the webhooks only the first and the last.
          const history = await required(provider, kashimi).getStatusHistory(id);
          return history.map((record) => kashimiStatusToEvent(record, 'archive'));
        }
        case 'klavi':
          return [klaviStatusToEvent(await required(provider, klavi).getPaymentStatus(id))];
        case 'kasha':
          return [kashaTransactionToEvent(await required(provider, kasha).getTransaction(id))];
      }
    },
  };
}
