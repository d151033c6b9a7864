// Kasha publishes only some of its v2 paths. The others are decided here, once, and both
// the client and the sandbox read them from this file. Reasons are in DECISIONS.md.

export const KASHA_PATHS = {
  /** Published: starts a pay-in session and lists its payment options. */
  paymentOptions: '/v2/payment-options',
  /** Published: sub-options (banks) of a local method. */
  paymentSuboptions: '/v2/payment-suboptions',
  /** Decided: "Post a Payment", completes a pay-in session. */
  payments: '/v2/payments',
  /** Decided: "Initiate a Payout", starts a payout session and lists its options. */
  payoutOptions: '/v2/payout-options',
  /** Decided: "Create Payout". */
  payouts: '/v2/payouts',
  /** Decided after Kasha's own wording ("approved or declined … using the endpoint /settle-payout"). */
  confirmPayout: '/v2/settle-payout',
  /** Decided: "Refund by Reference". */
  refunds: '/v2/refunds',
  /** Decided: "Get Transaction status"; the id is a path parameter, as Kasha documents. */
  transaction: (transactionId: string) => `/v2/transactions/${encodeURIComponent(transactionId)}`,
  transactionPattern: '/v2/transactions/:transactionId',
} as const;

export const KASHA_HEADERS = {
  /** Decided: the merchant API key. */
  apiKey: 'x-api-key',
  /** Published: Base64(HMAC-SHA256(secret, raw body)); GET requests sign the empty string. */
  signature: 'x-signature',
  /** Decided: money-moving calls carry one; a repeated key gets the first answer back. */
  idempotencyKey: 'idempotency-key',
} as const;
