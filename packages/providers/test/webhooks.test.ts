import { describe, expect, it } from 'vitest';
import { signKasha, verifyKashaWebhook, parseKashaWebhook } from '../src/kasha/webhook.ts';
import {
  KASHIMI_SIGNATURE_HEADER,
  parseKashimiWebhook,
  signKashimiWebhook,
  verifyKashimiWebhook,
} from '../src/kashimi/webhook.ts';
import {
  KLAVI_SIGNATURE_HEADER,
  KLAVI_TIMESTAMP_HEADER,
  parseKlaviWebhook,
  signKlaviWebhook,
  verifyKlaviWebhook,
} from '../src/klavi/webhook.ts';
import { flipBit } from './helpers.ts';

const secret = 'whsec-test-0123456789';
const now = Date.parse('2026-05-04T10:00:00Z');
const nowSeconds = Math.floor(now / 1000);

const kashimiBody = Buffer.from(
  JSON.stringify({
    eventId: 'a1b2c3d4-0004-0000-0000-000000000000',
    event: 'PAYMENT_STATUS_UPDATED',
    paymentId: '123e4567-e89b-12d3-a456-426614174000',
    status: 'FAILED',
    detailedStatus: 'PAYMENT_EXECUTION_FAILED',
    failureReasons: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS'],
    createdAt: '2026-04-28T10:01:22.000Z',
  }),
);

const klaviBody = Buffer.from(
  JSON.stringify({
    partnerAppId: 'app-1',
    eventId: 'evt-1',
    eventType: 'PAYMENT',
    eventName: 'PAYMENT_STATUS_CHANGED',
    eventTime: '2026-05-04T10:00:00Z',
    payload: {
      id: 'pay-1',
      clientRequestId: 'order-77',
      amount: '1333.00',
      currency: 'BRL',
      status: 'PAYMENT_REJECTED',
      statusReason: { code: 'SALDO_INSUFICIENTE', message: 'Saldo insuficiente' },
      statusUpdateAt: '2026-05-04T09:59:58Z',
    },
  }),
);

const kashaBody = Buffer.from(
  JSON.stringify({
    id: '099cdc76-45d1-49e1-8985-e1c82dcfadb3',
    type: 'payin',
    country: 'GB',
    currency: 'GBP',
    paymentAmount: 10.5,
    method: 'Card',
    status: 'DECLINED',
    merchantReference: 'Merchant Unique Value',
    errors: { code: 3000, msg: 'Insufficient card funds.' },
    createdAt: '2022-08-04T08:23:50.738Z',
    updatedAt: '2022-08-05T08:23:50.738Z',
  }),
);

function hexFlip(hex: string): string {
  return flipBit(Buffer.from(hex, 'hex'), 3, 5).toString('hex');
}

describe('Kashimi webhook signature', () => {
  const headers = { [KASHIMI_SIGNATURE_HEADER.toLowerCase()]: signKashimiWebhook(kashimiBody, secret) };

  it('accepts the exact body signed with the registered secret', () => {
    expect(verifyKashimiWebhook(kashimiBody, headers, secret)).toEqual({ ok: true });
    expect(verifyKashimiWebhook(kashimiBody.toString('utf8'), new Headers(headers), secret)).toEqual({ ok: true });
  });

  it('rejects a body with one flipped bit', () => {
    expect(verifyKashimiWebhook(flipBit(kashimiBody, 40), headers, secret)).toEqual({
      ok: false,
      reason: 'signature does not match the body',
    });
  });

  it('rejects a signature with one flipped bit, a wrong key, or no signature at all', () => {
    const flipped = { [KASHIMI_SIGNATURE_HEADER]: hexFlip(headers[KASHIMI_SIGNATURE_HEADER.toLowerCase()]!) };
    expect(verifyKashimiWebhook(kashimiBody, flipped, secret).ok).toBe(false);
    expect(verifyKashimiWebhook(kashimiBody, headers, 'another-secret').ok).toBe(false);
    expect(verifyKashimiWebhook(kashimiBody, {}, secret)).toEqual({
      ok: false,
      reason: `header ${KASHIMI_SIGNATURE_HEADER} is missing`,
    });
  });

  it('rejects a truncated or non-hex signature without comparing', () => {
    const signature = headers[KASHIMI_SIGNATURE_HEADER.toLowerCase()]!;
    expect(verifyKashimiWebhook(kashimiBody, { [KASHIMI_SIGNATURE_HEADER]: signature.slice(0, -2) }, secret).ok).toBe(
      false,
    );
    expect(
      verifyKashimiWebhook(kashimiBody, { [KASHIMI_SIGNATURE_HEADER]: 'zz' + signature.slice(2) }, secret),
    ).toMatchObject({
      reason: `header ${KASHIMI_SIGNATURE_HEADER} is not hex`,
    });
  });

  it('refuses to verify with an empty secret', () => {
    expect(verifyKashimiWebhook(kashimiBody, headers, '').ok).toBe(false);
  });

  it('refuses a signature header sent twice', () => {
    const signature = headers[KASHIMI_SIGNATURE_HEADER.toLowerCase()]!;
    expect(
      verifyKashimiWebhook(kashimiBody, { [KASHIMI_SIGNATURE_HEADER]: [signature, signature] }, secret),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('more than once'),
    });
  });
});

describe('Klavi webhook signature', () => {
  const headersAt = (seconds: number, body: Buffer = klaviBody) => ({
    [KLAVI_SIGNATURE_HEADER]: signKlaviWebhook(body, secret),
    [KLAVI_TIMESTAMP_HEADER]: String(seconds),
  });

  it('accepts a body signed with the secret key and a fresh timestamp', () => {
    expect(verifyKlaviWebhook(klaviBody, headersAt(nowSeconds), secret, now)).toEqual({ ok: true });
    expect(verifyKlaviWebhook(klaviBody, headersAt(nowSeconds - 300), secret, new Date(now))).toEqual({ ok: true });
  });

  it('rejects a timestamp more than five minutes old or ahead', () => {
    expect(verifyKlaviWebhook(klaviBody, headersAt(nowSeconds - 301), secret, now)).toEqual({
      ok: false,
      reason: 'timestamp is 301 s old',
    });
    expect(verifyKlaviWebhook(klaviBody, headersAt(nowSeconds + 400), secret, now)).toEqual({
      ok: false,
      reason: 'timestamp is 400 s in the future',
    });
  });

  it('rejects a flipped bit in the body or in the signature, and a wrong key', () => {
    const good = headersAt(nowSeconds);
    expect(verifyKlaviWebhook(flipBit(klaviBody, 10), good, secret, now).ok).toBe(false);
    const flipped = { ...good, [KLAVI_SIGNATURE_HEADER]: hexFlip(good[KLAVI_SIGNATURE_HEADER]) };
    expect(verifyKlaviWebhook(klaviBody, flipped, secret, now).ok).toBe(false);
    expect(verifyKlaviWebhook(klaviBody, good, 'wrong', now).ok).toBe(false);
  });

  it('rejects a missing or malformed timestamp', () => {
    const { [KLAVI_TIMESTAMP_HEADER]: _dropped, ...withoutTimestamp } = headersAt(nowSeconds);
    expect(verifyKlaviWebhook(klaviBody, withoutTimestamp, secret, now)).toEqual({
      ok: false,
      reason: `header ${KLAVI_TIMESTAMP_HEADER} is missing`,
    });
    expect(
      verifyKlaviWebhook(klaviBody, { ...headersAt(nowSeconds), [KLAVI_TIMESTAMP_HEADER]: '2026-05-04' }, secret, now)
        .ok,
    ).toBe(false);
  });
});

describe('Kasha callback signature', () => {
  const headers = { 'x-signature': signKasha(kashaBody, secret) };

  it('accepts a callback signed with the merchant secret', () => {
    expect(verifyKashaWebhook(kashaBody, headers, secret)).toEqual({ ok: true });
  });

  it('rejects a flipped bit in the body or the signature, and a wrong key', () => {
    expect(verifyKashaWebhook(flipBit(kashaBody, 7), headers, secret).ok).toBe(false);
    const flippedSignature = flipBit(Buffer.from(headers['x-signature'], 'base64'), 0).toString('base64');
    expect(verifyKashaWebhook(kashaBody, { 'x-signature': flippedSignature }, secret).ok).toBe(false);
    expect(verifyKashaWebhook(kashaBody, headers, 'wrong').ok).toBe(false);
  });

  it('rejects a signature that is not Base64, and a variant encoding of the right bytes', () => {
    expect(verifyKashaWebhook(kashaBody, { 'x-signature': 'not base64!' }, secret)).toMatchObject({
      reason: 'header x-signature is not Base64',
    });
    // 32 bytes leave two unused bits in the last character; setting them decodes to the same bytes.
    const signature = headers['x-signature'];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(signature.at(-2)!);
    const variant = `${signature.slice(0, -2)}${alphabet[last | 1]}=`;
    if (variant !== signature) {
      expect(Buffer.from(variant, 'base64').equals(Buffer.from(signature, 'base64'))).toBe(true);
      expect(verifyKashaWebhook(kashaBody, { 'x-signature': variant }, secret).ok).toBe(false);
    }
  });
});

describe('webhook parsers', () => {
  it('read a Kashimi status webhook into a provider-neutral event keyed by eventId', () => {
    const result = parseKashimiWebhook(kashimiBody);
    expect(result).toMatchObject({
      ok: true,
      event: {
        provider: 'kashimi',
        eventKey: 'a1b2c3d4-0004-0000-0000-000000000000',
        providerPaymentId: '123e4567-e89b-12d3-a456-426614174000',
        rawStatus: 'FAILED',
        detailedStatus: 'PAYMENT_EXECUTION_FAILED',
        reasonCodes: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS'],
        source: 'webhook',
        occurredAt: new Date('2026-04-28T10:01:22.000Z'),
      },
    });
  });

  it('keep statuses and codes no catalog knows instead of rejecting them', () => {
    const odd = JSON.stringify({
      eventId: 'e',
      event: 'SOMETHING_NEW',
      paymentId: 'p',
      status: 'TELEPORTED',
      detailedStatus: 'AIS_PSU_CONSENT_RECEIVED',
      failureReasons: ['INSUFFICIENT_FUNDS', null, 42],
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(parseKashimiWebhook(odd)).toMatchObject({
      ok: true,
      event: {
        rawStatus: 'TELEPORTED',
        detailedStatus: 'AIS_PSU_CONSENT_RECEIVED',
        reasonCodes: ['INSUFFICIENT_FUNDS', '42'],
      },
    });
    const klavi = JSON.parse(klaviBody.toString()) as { payload: { status: string } };
    klavi.payload.status = 'CONSENT_AUTHORIED';
    expect(parseKlaviWebhook(JSON.stringify(klavi))).toMatchObject({
      ok: true,
      event: { rawStatus: 'CONSENT_AUTHORIED' },
    });
  });

  it('read a Klavi envelope with the amount as a hint in minor units', () => {
    expect(parseKlaviWebhook(klaviBody)).toMatchObject({
      ok: true,
      event: {
        provider: 'klavi',
        eventKey: 'pay-1:PAYMENT_REJECTED:2026-05-04T09:59:58Z',
        deliveryId: 'evt-1',
        reasonCodes: ['SALDO_INSUFICIENTE'],
        hints: {
          amountMinor: 133300,
          currency: 'BRL',
          merchantReference: 'order-77',
          reasonMessage: 'Saldo insuficiente',
        },
      },
    });
  });

  it('read a Kasha callback with a numeric error code as a string and a stable key', () => {
    const first = parseKashaWebhook(kashaBody);
    const again = parseKashaWebhook(Buffer.from(kashaBody));
    expect(first).toMatchObject({
      ok: true,
      event: {
        provider: 'kasha',
        rawStatus: 'DECLINED',
        reasonCodes: ['3000'],
        hints: {
          amountMinor: 1050,
          currency: 'GBP',
          direction: 'payin',
          method: 'card',
          reasonMessage: 'Insufficient card funds.',
        },
      },
    });
    expect(first.ok && again.ok && first.event.eventKey === again.event.eventKey).toBe(true);
  });

  it('name the problem when the body is not JSON or a field is missing', () => {
    expect(parseKashimiWebhook('{"eventId": ')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^body is not JSON: /),
    });
    const withoutPayment = JSON.parse(kashimiBody.toString()) as Record<string, unknown>;
    delete withoutPayment['paymentId'];
    expect(parseKashimiWebhook(JSON.stringify(withoutPayment))).toEqual({
      ok: false,
      reason: 'field paymentId is missing',
    });
    expect(parseKlaviWebhook('{"eventId":"e","payload":{"id":"p"}}')).toEqual({
      ok: false,
      reason: 'payload of event without a name is not a payment status: field payload.status is missing',
    });
    expect(parseKashaWebhook('[]')).toEqual({ ok: false, reason: 'body must be a JSON object (got an array)' });
    expect(parseKashaWebhook(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({
      ok: false,
      reason: 'body is not valid UTF-8',
    });
    expect(
      parseKashimiWebhook(JSON.stringify({ ...JSON.parse(kashimiBody.toString()), createdAt: 'yesterday' })),
    ).toEqual({ ok: false, reason: 'field createdAt is not a valid timestamp' });
  });
});
