import { z } from 'zod';
import { checkAmount, idString, timestampString } from '../schema-parts.ts';

// Objects are loose so fields Klavi adds later pass through and stay in the payload.

export const klaviTokenSchema = z.looseObject({
  accessToken: idString,
  expireIn: z.union([z.number(), z.string().regex(/^\d+$/)]).transform((value) => Number(value)),
});

const amountValue = z.union([z.string(), z.number()]);

const statusReasonSchema = z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish();

const statusFields = {
  id: idString,
  clientRequestId: z.string().nullish(),
  status: idString,
  statusReason: statusReasonSchema,
  statusUpdateAt: timestampString,
};

/** GET /payment/customer/v1/instant/payments/{id}/status. */
export const klaviPaymentStatusSchema = z
  .looseObject({ ...statusFields, amount: amountValue, currency: z.string() })
  .superRefine((value, ctx) => checkAmount(ctx, value.amount, value.currency, ['amount']));
export type KlaviPaymentStatus = z.infer<typeof klaviPaymentStatusSchema>;

/**
 * Payload of our payment webhooks: the status answer's shape. Amount and currency are only
 * hints here, so a webhook whose amount we cannot read still delivers its status.
 */
export const klaviStatusPayloadSchema = z.looseObject({
  ...statusFields,
  amount: amountValue.nullish(),
  currency: z.string().nullish(),
});
export type KlaviStatusPayload = z.infer<typeof klaviStatusPayloadSchema>;

const personSchema = z.looseObject({
  name: z.string().nullish(),
  document: z.string().nullish(),
  email: z.string().nullish(),
});

/** GET /payment/customer/v1/instant/payments/{id}: our decided shape (see DECISIONS.md). */
export const klaviPaymentSchema = z
  .looseObject({
    id: idString,
    clientRequestId: z.string().nullish(),
    participantId: z.string().nullish(),
    participantName: z.string().nullish(),
    amount: amountValue,
    currency: z.string(),
    description: z.string().nullish(),
    payer: personSchema.nullish(),
    creditor: z.looseObject({ name: z.string().nullish(), pixKey: z.string().nullish() }).nullish(),
    status: idString,
    statusReason: statusReasonSchema,
    consentRedirectUrl: z.string().nullish(),
    createdAt: timestampString,
    statusUpdateAt: timestampString,
  })
  .superRefine((value, ctx) => checkAmount(ctx, value.amount, value.currency, ['amount']));
export type KlaviPayment = z.infer<typeof klaviPaymentSchema>;

/** Webhook envelope; `payload` is checked separately so an unknown event type is reported, not crashed on. */
export const klaviEnvelopeSchema = z.looseObject({
  partnerAppId: z.string().nullish(),
  eventId: idString,
  eventType: z.string().nullish(),
  eventName: z.string().nullish(),
  eventTime: timestampString.nullish(),
  payload: z.unknown(),
});
export type KlaviEnvelope = z.infer<typeof klaviEnvelopeSchema>;

/** Error body of every non-2xx Klavi answer (our decision; 416 carries the business reason code). */
export interface KlaviErrorBody {
  code: string;
  message: string;
}

/** What `createPayment` sends. `amount` is Klavi's decimal string in BRL, e.g. "1333.00". */
export interface KlaviCreatePaymentInput {
  clientRequestId: string;
  participantId: string;
  amount: string;
  currency?: string;
  description?: string;
  payer: { name: string; document: string; email?: string };
  redirectUrl?: string;
}
