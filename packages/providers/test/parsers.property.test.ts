import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKashaWebhook } from '../src/kasha/webhook.ts';
import { parseKashimiWebhook } from '../src/kashimi/webhook.ts';
import { parseKlaviWebhook } from '../src/klavi/webhook.ts';
import type { ParseResult, ProviderStatusEvent } from '../src/types.ts';

const parsers = {
  kashimi: parseKashimiWebhook,
  klavi: parseKlaviWebhook,
  kasha: parseKashaWebhook,
} as const;

/** The result is one of the two documented shapes, whatever went in. */
function expectTyped(result: ParseResult<ProviderStatusEvent>, provider: string): void {
  if (result.ok) {
    expect(result.event.provider).toBe(provider);
    expect(typeof result.event.eventKey).toBe('string');
    expect(result.event.eventKey.length).toBeGreaterThan(0);
    expect(typeof result.event.providerPaymentId).toBe('string');
    expect(typeof result.event.rawStatus).toBe('string');
    expect(Number.isNaN(result.event.occurredAt.getTime())).toBe(false);
    expect(result.event.reasonCodes.every((code) => typeof code === 'string')).toBe(true);
    const amount = result.event.hints?.amountMinor;
    if (amount !== undefined) expect(Number.isSafeInteger(amount)).toBe(true);
  } else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
  }
}

const timestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const code = fc.oneof(fc.constantFrom('PENDING', 'COMPLETED', 'FAILED', 'UNKNOWN', 'DECLINED', 'ERROR'), fc.string());
const anyValue = fc.jsonValue();

// Valid-looking bodies with any field possibly replaced by arbitrary JSON or left out.
const loosely = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([key, arb]) => [
        key,
        fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyValue }),
      ]),
    ),
    { requiredKeys: [] },
  );

const kashimiLike = loosely({
  eventId: fc.uuid(),
  event: fc.constant('PAYMENT_STATUS_UPDATED'),
  paymentId: fc.uuid(),
  status: code,
  detailedStatus: fc.option(fc.string()),
  failureReasons: fc.option(fc.array(fc.oneof(fc.string(), fc.constant(null), fc.integer()))),
  createdAt: fc.oneof(timestamp, fc.string()),
});

const klaviLike = loosely({
  partnerAppId: fc.string(),
  eventId: fc.uuid(),
  eventType: fc.constant('PAYMENT'),
  eventName: fc.string(),
  eventTime: timestamp,
  payload: loosely({
    id: fc.uuid(),
    clientRequestId: fc.string(),
    amount: fc.oneof(fc.stringMatching(/^\d{1,6}\.\d{2}$/), fc.double(), fc.string()),
    currency: fc.oneof(fc.constant('BRL'), fc.string()),
    status: code,
    statusReason: fc.option(fc.record({ code: fc.string(), message: fc.string() })),
    statusUpdateAt: fc.oneof(timestamp, fc.string()),
  }),
});

const kashaLike = loosely({
  id: fc.uuid(),
  type: fc.constantFrom('payin', 'payout', 'other'),
  country: fc.string(),
  currency: fc.oneof(fc.constantFrom('BRL', 'CLP', 'KWD', 'EUR'), fc.string()),
  paymentAmount: fc.oneof(fc.double(), fc.integer(), fc.string()),
  method: fc.option(fc.string()),
  status: code,
  merchantReference: fc.string(),
  errors: fc.option(fc.record({ code: fc.oneof(fc.integer(), fc.string()), msg: fc.string() })),
  updatedAt: fc.oneof(timestamp, fc.constant('02/09/2022 00:00:00'), fc.string()),
});

const shaped = { kashimi: kashimiLike, klavi: klaviLike, kasha: kashaLike } as const;

describe.each(Object.entries(parsers))('%s webhook parser', (provider, parse) => {
  it('never throws on arbitrary bytes and always answers ok or a reason', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expectTyped(parse(Buffer.from(bytes)), provider);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expectTyped(parse(text), provider);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values a framework already parsed', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expectTyped(parse(value), provider);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on near-valid bodies with fields missing or of the wrong type', () => {
    fc.assert(
      fc.property(shaped[provider as keyof typeof shaped], (body) => {
        const result = parse(JSON.stringify(body));
        expectTyped(result, provider);
        // Whatever is accepted parses to the same event again: the key is stable.
        if (result.ok) {
          const again = parse(Buffer.from(JSON.stringify(body)));
          expect(again.ok && again.event.eventKey).toBe(result.event.eventKey);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('Kashimi webhook parser on well-formed bodies', () => {
  it('accepts every well-formed body and keeps the status raw', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        timestamp,
        (eventId, paymentId, status, createdAt) => {
          const result = parseKashimiWebhook(
            JSON.stringify({ eventId, paymentId, status, createdAt, failureReasons: null }),
          );
          expect(result).toMatchObject({
            ok: true,
            event: { eventKey: eventId, providerPaymentId: paymentId, rawStatus: status },
          });
        },
      ),
    );
  });
});
