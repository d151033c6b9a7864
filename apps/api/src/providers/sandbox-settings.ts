import type { Sandboxes } from '@paydesk/providers/sandbox';
import type { ProviderSettings } from './provider-settings.ts';

/** Connection settings that point the clients and webhook checks at running sandboxes. */
export function settingsForSandboxes(sandboxes: Sandboxes): ProviderSettings {
  return {
    kashimi: {
      baseUrl: sandboxes.kashimi.url,
      clientId: sandboxes.kashimi.credentials.clientId,
      clientSecret: sandboxes.kashimi.credentials.clientSecret,
      webhookSecret: sandboxes.kashimi.credentials.webhookSecret,
    },
    klavi: {
      baseUrl: sandboxes.klavi.url,
      accessKey: sandboxes.klavi.credentials.accessKey,
      secretKey: sandboxes.klavi.credentials.webhookSecret,
    },
    kasha: { baseUrl: sandboxes.kasha.url, apiKey: sandboxes.kasha.credentials.apiKey, secret: sandboxes.kasha.credentials.secret },
  };
}
