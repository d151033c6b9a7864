import { z } from 'zod';
import { checkAmount, codeValue, idString, timestampString } from '../schema-parts.ts';

// Objects are loose so fields Kasha adds later pass through and stay in the payload.

const amountValue = z.union([z.number(), z.string()]);

const customerSchema = z.looseObject({
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.union([z.string(), z.number()]).nullish(),
  identify: z
    .looseObject({ number: z.union([z.string(), z.number()]).nullish(), type: z.string().nullish() })
    .nullish(),
});

const errorsSchema = z.looseObject({ code: codeValue.nullish(), msg: z.string().nullish() }).nullish();

const transactionFields = {
  id: idString,
  sessionId: z.string().nullish(),
  /** Our addition to Kasha's object: "payin" or "payout" (see DECISIONS.md). */
  type: z.string().nullish(),
  country: z.string().nullish(),
  method: z.string().nullish(),
  status: idString,
  paymentReference: z.string().nullish(),
  merchantReference: z.string().nullish(),
  /** Echo of the merchant's `userId`, as in Kasha's refund answer. */
  userId: z.string().nullish(),
  customer: customerSchema.nullish(),
  errors: errorsSchema,
  createdAt: timestampString.nullish(),
  updatedAt: timestampString,
};

/** GET /v2/transactions/{id}: Kasha's "Get Transaction status" object. */
export const kashaTransactionSchema = z
  .looseObject({ ...transactionFields, currency: z.string(), paymentAmount: amountValue })
  .superRefine((tx, ctx) => checkAmount(ctx, tx.paymentAmount, tx.currency, ['paymentAmount']));
export type KashaTransaction = z.infer<typeof kashaTransactionSchema>;

/**
 * A callback body: the same transaction object (decided). Amount and currency are only
 * hints here, so a callback whose amount we cannot read still delivers its status.
 */
export const kashaCallbackSchema = z.looseObject({
  ...transactionFields,
  currency: z.string().nullish(),
  paymentAmount: amountValue.nullish(),
});
export type KashaCallback = z.infer<typeof kashaCallbackSchema>;

export const kashaConfirmPayoutAnswerSchema = z.looseObject({
  statusCode: codeValue,
  status: idString,
  transactionId: idString,
  merchantReference: z.string().nullish(),
  result: z.string().nullish(),
});
export type KashaConfirmPayoutAnswer = z.infer<typeof kashaConfirmPayoutAnswerSchema>;

/** Refund answer; `_id` is the refunded transaction's id (decided, see DECISIONS.md). */
export const kashaRefundAnswerSchema = z.looseObject({
  statusCode: codeValue,
  errorReason: z.string().nullish(),
  paymentAmount: amountValue.nullish(),
  status: idString,
  currency: z.string().nullish(),
  country: z.string().nullish(),
  paymentOptionName: z.string().nullish(),
  userId: z.string().nullish(),
  type: z.string().nullish(),
  _id: idString,
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type KashaRefundAnswer = z.infer<typeof kashaRefundAnswerSchema>;

const paymentOptionSchema = z.looseObject({
  paymentOptionId: idString,
  name: z.string(),
  logo: z.string().nullish(),
  extraData: z.array(z.unknown()).nullish(),
});
export type KashaPaymentOption = z.infer<typeof paymentOptionSchema>;

export const kashaSessionSchema = z.looseObject({
  transactionId: idString,
  sessionId: idString,
  paymentOptions: z.array(paymentOptionSchema),
});
export type KashaSession = z.infer<typeof kashaSessionSchema>;

/** Kasha documents the payout options answer as an array of one session; a bare object is accepted too. */
export const kashaPayoutSessionSchema = z
  .union([z.array(kashaSessionSchema).min(1), kashaSessionSchema])
  .transform((value) => (Array.isArray(value) ? value[0]! : value));

export const kashaResultSchema = z.looseObject({
  statusCode: codeValue,
  resultType: z.string(),
  result: z.looseObject({ transactionId: idString, redirectUrl: z.string().nullish() }),
});
export type KashaResult = z.infer<typeof kashaResultSchema>;

/** Error body of every non-2xx Kasha answer (decided). */
export interface KashaErrorBody {
  statusCode: string;
  errorReason: string;
  [key: string]: unknown;
}

export interface KashaCustomer {
  name: string;
  email?: string;
  phone?: string;
  userDevice?: string;
  userAgent?: string;
  ip?: string;
  identify?: { number: string; type: string };
}

/** POST /v2/payment-options. `amount` is Kasha's decimal number in major units. */
export interface KashaPaymentSessionInput {
  country: string;
  currency: string;
  amount: number;
  redirectUrl: string;
  notificationUrl?: string;
  language: string;
  customer: KashaCustomer;
  merchantReference?: string;
  paymentReference?: string;
  userId?: string;
}

/** POST /v2/payout-options. */
export interface KashaPayoutSessionInput {
  country: string;
  currency: string;
  amount: number;
  redirectUrl: string;
  notificationUrl?: string;
  customer: KashaCustomer;
  merchantReference?: string;
}

/** POST /v2/payments and POST /v2/payouts. */
export interface KashaCompleteSessionInput {
  sessionId: string;
  paymentOptionId: string;
  optionId?: string | null;
  extraData?: Record<string, string>;
}

export type KashaPayoutAction = 'APPROVE' | 'DECLINE';
