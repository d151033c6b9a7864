export { KASHA_HEADERS, KASHA_PATHS } from './api-paths.ts';
export { KashaClient, isKashaAlreadyRefunded } from './client.ts';
export type { KashaClientOptions, KashaCredentials, MoneyCallOptions } from './client.ts';
export {
  kashaEventKey,
  kashaMethodOf,
  kashaRefundToEvent,
  kashaTransactionToEvent,
  kashaTransactionToSnapshot,
} from './events.ts';
export type {
  KashaCallback,
  KashaCompleteSessionInput,
  KashaConfirmPayoutAnswer,
  KashaCustomer,
  KashaErrorBody,
  KashaPaymentOption,
  KashaPaymentSessionInput,
  KashaPayoutAction,
  KashaPayoutSessionInput,
  KashaRefundAnswer,
  KashaResult,
  KashaSession,
  KashaTransaction,
} from './schemas.ts';
export { parseKashaWebhook, signKasha, verifyKashaWebhook } from './webhook.ts';
