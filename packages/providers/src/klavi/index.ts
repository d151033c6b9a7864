export { KlaviClient, KLAVI_PATHS } from './client.ts';
export type { KlaviClientOptions, KlaviCredentials } from './client.ts';
export { klaviEventKey, klaviPaymentToSnapshot, klaviStatusToEvent } from './events.ts';
export type {
  KlaviCreatePaymentInput,
  KlaviEnvelope,
  KlaviErrorBody,
  KlaviPayment,
  KlaviPaymentStatus,
  KlaviStatusPayload,
} from './schemas.ts';
export {
  KLAVI_PAYMENT_EVENT_NAME,
  KLAVI_PAYMENT_EVENT_TYPE,
  KLAVI_SIGNATURE_HEADER,
  KLAVI_TIMESTAMP_HEADER,
  KLAVI_TIMESTAMP_TOLERANCE_SECONDS,
  parseKlaviWebhook,
  signKlaviWebhook,
  verifyKlaviWebhook,
} from './webhook.ts';
