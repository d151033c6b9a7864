import { z } from 'zod';
import { checkAmount, codeList, idString, timestampString } from '../schema-parts.ts';

// Objects are loose: fields Kashimi adds later pass through untouched and stay in the payload.

export const kashimiTokenSchema = z.looseObject({
  access_token: idString,
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

export const kashimiBankSchema = z.looseObject({
  id: idString,
  name: z.string(),
  countryCode: z.string(),
  logoUrl: z.string().nullish(),
  iconUrl: z.string().nullish(),
  paymentSchemes: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  requiredPaymentFields: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
  subsidiaries: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
});
export type KashimiBank = z.infer<typeof kashimiBankSchema>;

export const kashimiBankListSchema = z.array(kashimiBankSchema);

/** One entry of the latest-status and archive endpoints. */
export const kashimiStatusRecordSchema = z.looseObject({
  id: idString,
  paymentId: idString,
  status: idString,
  detailedStatus: z.string().nullish(),
  failureReasons: codeList,
  createdAt: timestampString,
});
export type KashimiStatusRecord = z.infer<typeof kashimiStatusRecordSchema>;

export const kashimiStatusHistorySchema = z.array(kashimiStatusRecordSchema);

const accountSchema = z.looseObject({ iban: z.string().nullish() });

/** GET /api/v1/ob/payments/{id}: our decided shape (see DECISIONS.md), echoing the initiation body. */
export const kashimiPaymentSchema = z
  .looseObject({
    id: idString,
    status: idString,
    detailedStatus: z.string().nullish(),
    failureReasons: codeList,
    provider: z.looseObject({ id: idString, name: z.string().nullish(), countryCode: z.string().nullish() }).nullish(),
    paymentScheme: z.string().nullish(),
    amount: z.number(),
    currency: z.string(),
    sender: z.looseObject({ name: z.string().nullish(), account: accountSchema.nullish() }).nullish(),
    recipient: z.looseObject({ name: z.string(), account: accountSchema.nullish() }),
    remittanceInformation: z.string().nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    redirectUrl: z.string().nullish(),
    createdAt: timestampString,
    updatedAt: timestampString.nullish(),
  })
  .superRefine((payment, ctx) => checkAmount(ctx, payment.amount, payment.currency, ['amount']));
export type KashimiPayment = z.infer<typeof kashimiPaymentSchema>;

export const kashimiInitiatedPaymentSchema = z.looseObject({
  id: idString,
  status: idString,
  detailedStatus: z.string().nullish(),
  redirectUrl: z.string(),
  createdAt: timestampString,
});
export type KashimiInitiatedPayment = z.infer<typeof kashimiInitiatedPaymentSchema>;

/** A PAYMENT_STATUS_UPDATED webhook body. */
export const kashimiWebhookSchema = z.looseObject({
  eventId: idString,
  event: z.string().nullish(),
  paymentId: idString,
  status: idString,
  detailedStatus: z.string().nullish(),
  failureReasons: codeList,
  createdAt: timestampString,
});
export type KashimiWebhookBody = z.infer<typeof kashimiWebhookSchema>;

/** Kashimi's documented error body. */
export interface KashimiErrorBody {
  title: string;
  httpStatusCode: number;
  message: string;
}

export interface KashimiAccount {
  iban: string;
}

/** What `initiatePayment` sends; omit `providerId` to let Kashimi host the bank choice. */
export interface KashimiInitiatePaymentInput {
  providerId?: string;
  paymentScheme?: string;
  amount: number;
  currency: string;
  recipient: { name: string; account: KashimiAccount };
  sender?: { name?: string; account?: KashimiAccount };
  remittanceInformation: string;
  metadata: {
    endToEndId: string;
    redirectUri: string;
    webhookUrl?: string;
    [key: string]: string | undefined;
  };
}
