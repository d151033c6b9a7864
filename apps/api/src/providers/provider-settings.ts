import type { Env } from '../env.ts';

/** How to reach each provider and check what it sends; a provider left out is not connected. */
export interface ProviderSettings {
  kashimi?: { baseUrl: string; clientId: string; clientSecret: string; webhookSecret: string };
  klavi?: { baseUrl: string; accessKey: string; secretKey: string };
  kasha?: { baseUrl: string; apiKey: string; secret: string };
}

/** The providers configured in the environment (the real ones; sandboxes bring their own). */
export function providerSettingsFromEnv(env: Env): ProviderSettings {
  const settings: ProviderSettings = {};
  if (env.KASHIMI_BASE_URL && env.KASHIMI_CLIENT_ID && env.KASHIMI_CLIENT_SECRET && env.KASHIMI_WEBHOOK_SECRET) {
    settings.kashimi = {
      baseUrl: env.KASHIMI_BASE_URL,
      clientId: env.KASHIMI_CLIENT_ID,
      clientSecret: env.KASHIMI_CLIENT_SECRET,
      webhookSecret: env.KASHIMI_WEBHOOK_SECRET,
    };
  }
  if (env.KLAVI_BASE_URL && env.KLAVI_ACCESS_KEY && env.KLAVI_SECRET_KEY) {
    settings.klavi = { baseUrl: env.KLAVI_BASE_URL, accessKey: env.KLAVI_ACCESS_KEY, secretKey: env.KLAVI_SECRET_KEY };
  }
  if (env.KASHA_BASE_URL && env.KASHA_API_KEY && env.KASHA_SECRET) {
    settings.kasha = { baseUrl: env.KASHA_BASE_URL, apiKey: env.KASHA_API_KEY, secret: env.KASHA_SECRET };
  }
  return settings;
}
