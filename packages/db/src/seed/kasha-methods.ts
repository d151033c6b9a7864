import type { PaymentMethod } from '@paydesk/domain';
import { hashText, Random } from './random.ts';

/**
 * How a Kasha payment option behaves, which decides its timeline:
 * card: seconds (3-D Secure at most a few minutes); redirect: the payer confirms in a
 * bank or wallet app within minutes; voucher: cash paid at a shop within days, or never;
 * transfer: a bank transfer that lands within hours.
 */
export type KashaOptionKind = 'card' | 'redirect' | 'voucher' | 'transfer';

/**
 * Option names are chosen so that the providers package's kashaMethodOf(name) reads the
 * same method as `method` here ("card", "transfer"/"SPEI", a wallet name, else local).
 */
export interface KashaOption {
  /** Kasha's option id, as its payment-suboptions endpoint lists them. */
  readonly id: string;
  readonly name: string;
  readonly method: PaymentMethod;
  readonly kind: KashaOptionKind;
  readonly weight: number;
}

export interface KashaCountry {
  readonly currency: string;
  readonly payin: readonly KashaOption[];
  readonly payout: readonly KashaOption[];
  readonly cardBrands: readonly (readonly [CardBrand, number])[];
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'elo' | 'hipercard' | 'jcb' | 'rupay';

const card = (weight: number): KashaOption => ({ id: 'card', name: 'Card', method: 'card', kind: 'card', weight });
const option = (
  id: string,
  name: string,
  method: PaymentMethod,
  kind: KashaOptionKind,
  weight: number,
): KashaOption => ({
  id,
  name,
  method,
  kind,
  weight,
});

const international: readonly (readonly [CardBrand, number])[] = [
  ['visa', 55],
  ['mastercard', 40],
  ['amex', 5],
];

export const KASHA_COUNTRIES: Readonly<Record<string, KashaCountry>> = {
  BR: {
    currency: 'BRL',
    payin: [
      card(45),
      option('b_4410', 'Pix', 'local_method', 'redirect', 40),
      option('b_4402', 'Boleto Bancário', 'local_method', 'voucher', 15),
    ],
    payout: [
      option('d_316', 'Pix', 'local_method', 'transfer', 75),
      option('d_317', 'TED bank transfer', 'bank_transfer', 'transfer', 25),
    ],
    cardBrands: [
      ['visa', 40],
      ['mastercard', 40],
      ['elo', 15],
      ['hipercard', 5],
    ],
  },
  MX: {
    currency: 'MXN',
    payin: [
      card(55),
      option('b_5120', 'OXXO', 'local_method', 'voucher', 25),
      option('b_5130', 'SPEI', 'bank_transfer', 'transfer', 20),
    ],
    payout: [option('d_521', 'SPEI', 'bank_transfer', 'transfer', 100)],
    cardBrands: international,
  },
  CO: {
    currency: 'COP',
    payin: [
      card(40),
      option('b_5701', 'PSE bank transfer', 'bank_transfer', 'redirect', 35),
      option('b_5705', 'Efecty', 'local_method', 'voucher', 15),
      option('b_5712', 'Nequi wallet', 'wallet', 'redirect', 10),
    ],
    payout: [
      option('d_571', 'Transferencia bancaria', 'bank_transfer', 'transfer', 80),
      option('d_572', 'Nequi wallet', 'wallet', 'transfer', 20),
    ],
    cardBrands: international,
  },
  CL: {
    currency: 'CLP',
    payin: [
      card(50),
      option('b_5601', 'Khipu bank transfer', 'bank_transfer', 'redirect', 30),
      option('b_5610', 'MACH wallet', 'wallet', 'redirect', 20),
    ],
    payout: [option('d_561', 'Transferencia bancaria', 'bank_transfer', 'transfer', 100)],
    cardBrands: international,
  },
  PE: {
    currency: 'PEN',
    payin: [
      card(45),
      option('b_5101', 'PagoEfectivo', 'local_method', 'voucher', 35),
      option('b_5108', 'Yape wallet', 'wallet', 'redirect', 20),
    ],
    payout: [option('d_511', 'Transferencia bancaria', 'bank_transfer', 'transfer', 100)],
    cardBrands: international,
  },
  AR: {
    currency: 'ARS',
    payin: [
      card(50),
      option('b_5401', 'Rapipago', 'local_method', 'voucher', 15),
      option('b_5402', 'Pago Fácil', 'local_method', 'voucher', 10),
      option('b_5420', 'Mercado Pago', 'wallet', 'redirect', 25),
    ],
    payout: [option('d_541', 'Transferencia CVU/CBU', 'bank_transfer', 'transfer', 100)],
    cardBrands: international,
  },
  GB: {
    currency: 'GBP',
    payin: [card(75), option('b_4401', 'Bank Transfer', 'bank_transfer', 'transfer', 25)],
    payout: [option('d_441', 'Bank Transfer', 'bank_transfer', 'transfer', 100)],
    cardBrands: [
      ['visa', 65],
      ['mastercard', 33],
      ['amex', 2],
    ],
  },
  ES: {
    currency: 'EUR',
    payin: [card(70), option('b_3401', 'Bizum', 'local_method', 'redirect', 30)],
    payout: [option('d_341', 'Transferencia SEPA', 'bank_transfer', 'transfer', 100)],
    cardBrands: [
      ['visa', 60],
      ['mastercard', 38],
      ['amex', 2],
    ],
  },
  JP: {
    currency: 'JPY',
    payin: [
      card(65),
      option('b_8101', 'Konbini', 'local_method', 'voucher', 25),
      option('b_8110', 'PayPay wallet', 'wallet', 'redirect', 10),
    ],
    payout: [option('d_811', 'Furikomi bank transfer', 'bank_transfer', 'transfer', 100)],
    cardBrands: [
      ['visa', 40],
      ['mastercard', 20],
      ['jcb', 35],
      ['amex', 5],
    ],
  },
  KW: {
    currency: 'KWD',
    payin: [card(40), option('b_9651', 'KNET', 'local_method', 'redirect', 60)],
    payout: [option('d_965', 'Bank transfer', 'bank_transfer', 'transfer', 100)],
    cardBrands: [
      ['visa', 55],
      ['mastercard', 45],
    ],
  },
  IN: {
    currency: 'INR',
    payin: [
      card(30),
      option('b_9101', 'UPI', 'local_method', 'redirect', 50),
      option('b_9105', 'Netbanking transfer', 'bank_transfer', 'redirect', 15),
      option('b_9120', 'Paytm wallet', 'wallet', 'redirect', 5),
    ],
    payout: [
      option('d_911', 'IMPS bank transfer', 'bank_transfer', 'transfer', 60),
      option('d_912', 'UPI', 'local_method', 'transfer', 40),
    ],
    cardBrands: [
      ['visa', 40],
      ['mastercard', 30],
      ['rupay', 30],
    ],
  },
};

const BIN_PREFIXES: Readonly<Record<CardBrand, readonly string[]>> = {
  visa: ['4'],
  mastercard: ['51', '52', '53', '54', '55', '2221', '2720'],
  amex: ['34', '37'],
  elo: ['636368', '504175', '451416', '506699', '509048'],
  hipercard: ['606282', '384100'],
  jcb: ['3528', '3530', '3540', '3566', '3589'],
  rupay: ['60', '652', '817', '508'],
};

const binPools = new Map<string, readonly string[]>();

/**
 * A few dozen issuer BINs per country and brand, fixed for the country: real card
 * traffic concentrates on the big issuers, so the same BINs recur across payments.
 */
export function binPool(country: string, brand: CardBrand): readonly string[] {
  const key = `${country}:${brand}`;
  let pool = binPools.get(key);
  if (!pool) {
    const random = new Random(hashText(`bins:${key}`));
    pool = Array.from({ length: 30 }, () => {
      const prefix = random.pick(BIN_PREFIXES[brand]);
      return prefix + random.digits(6 - prefix.length);
    });
    binPools.set(key, pool);
  }
  return pool;
}
