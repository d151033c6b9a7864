export { KashimiClient, KASHIMI_DEFAULT_SCOPE, KASHIMI_PATHS } from './client.ts';
export type { KashimiClientOptions, KashimiCredentials } from './client.ts';
export { kashimiPaymentToSnapshot, kashimiStatusToEvent, kashimiWebhookToEvent } from './events.ts';
export type {
  KashimiBank,
  KashimiErrorBody,
  KashimiInitiatedPayment,
  KashimiInitiatePaymentInput,
  KashimiPayment,
  KashimiStatusRecord,
  KashimiWebhookBody,
} from './schemas.ts';
export { KASHIMI_SIGNATURE_HEADER, parseKashimiWebhook, signKashimiWebhook, verifyKashimiWebhook } from './webhook.ts';
