import type { Random } from './random.ts';

// What the generator needs to know about each country it places customers in.

export interface CountryFacts {
  /** IANA zone whose clock drives the daily rhythm of payments. */
  readonly timeZone: string;
  /** A mobile number in E.164 form (digits with a leading +). */
  readonly phone: (random: Random) => string;
  readonly emailDomains: readonly (readonly [string, number])[];
  /** The identity document providers ask for in this country, when they ask. */
  readonly document?: (random: Random) => string;
}

const common: readonly (readonly [string, number])[] = [
  ['gmail.com', 40],
  ['outlook.com', 8],
  ['hotmail.com', 8],
  ['icloud.com', 6],
  ['yahoo.com', 4],
];

function withLocal(...local: (readonly [string, number])[]): readonly (readonly [string, number])[] {
  return [...common, ...local];
}

const mobile = (prefix: string, leads: readonly string[], rest: number) => (random: Random) =>
  `${prefix}${random.pick(leads)}${random.digits(rest)}`;

/** Brazil's CPF: nine digits and two check digits (mod 11), as banks validate it. */
export function makeCpf(random: Random): string {
  const digits = Array.from({ length: 9 }, () => random.int(0, 9));
  // All-equal sequences pass the check but are rejected by the Receita Federal.
  if (digits.every((d) => d === digits[0])) digits[8] = (digits[8]! + 1) % 10;
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digits[i]! * (length + 1 - i);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

/** True when an 11-digit string has valid CPF check digits. */
export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digits[i]! * (length + 1 - i);
    const rest = (sum * 10) % 11;
    if ((rest === 10 ? 0 : rest) !== digits[length]) return false;
  }
  return true;
}

/** Chile's RUT with its mod-11 verifier ('K' for 10). */
function makeRut(random: Random): string {
  const body = String(random.int(8_000_000, 26_999_999));
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const check = 11 - (sum % 11);
  return `${body}-${check === 11 ? '0' : check === 10 ? 'K' : String(check)}`;
}

/** Spain's DNI: eight digits and the mod-23 letter. */
function makeDni(random: Random): string {
  const number = random.int(10_000_000, 79_999_999);
  return `${number}${'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}`;
}

/** India's PAN: five letters (fourth is P for a person), four digits, one letter. */
function makePan(random: Random): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `${random.chars(letters, 3)}P${random.chars(letters, 1)}${random.digits(4)}${random.chars(letters, 1)}`;
}

/** Mexico's CURP-shaped id (18 characters); only its shape matters to the demo. */
function makeCurp(random: Random): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const year = String(random.int(55, 99)).padStart(2, '0');
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const sex = random.pick(['H', 'M']);
  const state = random.pick(['DF', 'JC', 'NL', 'MC', 'PL', 'GT', 'VZ', 'YN', 'BC']);
  return `${random.chars(letters, 4)}${year}${month}${day}${sex}${state}${random.chars(letters, 3)}${random.digits(2)}`;
}

export const COUNTRIES: Readonly<Record<string, CountryFacts>> = {
  DE: {
    timeZone: 'Europe/Berlin',
    phone: mobile(
      '+49',
      ['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179'],
      8,
    ),
    emailDomains: withLocal(['gmx.de', 18], ['web.de', 18], ['t-online.de', 10], ['posteo.de', 2], ['outlook.de', 3]),
  },
  AT: {
    timeZone: 'Europe/Vienna',
    phone: mobile('+43', ['650', '660', '664', '676', '680', '681', '699'], 7),
    emailDomains: withLocal(['gmx.at', 15], ['aon.at', 8], ['chello.at', 4], ['a1.net', 4]),
  },
  FR: {
    timeZone: 'Europe/Paris',
    phone: mobile('+33', ['6', '7'], 8),
    emailDomains: withLocal(
      ['orange.fr', 15],
      ['free.fr', 10],
      ['laposte.net', 6],
      ['sfr.fr', 6],
      ['hotmail.fr', 8],
      ['wanadoo.fr', 4],
    ),
  },
  BE: {
    timeZone: 'Europe/Brussels',
    phone: mobile(
      '+32',
      [
        '470',
        '471',
        '472',
        '475',
        '476',
        '477',
        '478',
        '479',
        '484',
        '485',
        '486',
        '487',
        '488',
        '489',
        '495',
        '496',
        '497',
        '498',
        '499',
      ],
      6,
    ),
    emailDomains: withLocal(['telenet.be', 14], ['skynet.be', 8], ['proximus.be', 4], ['hotmail.be', 4]),
  },
  ES: {
    timeZone: 'Europe/Madrid',
    phone: mobile('+34', ['6', '7'], 8),
    emailDomains: withLocal(['hotmail.es', 12], ['yahoo.es', 6], ['telefonica.net', 4], ['outlook.es', 4]),
    document: makeDni,
  },
  IT: {
    timeZone: 'Europe/Rome',
    phone: mobile(
      '+39',
      [
        '320',
        '328',
        '329',
        '333',
        '334',
        '335',
        '338',
        '339',
        '340',
        '345',
        '347',
        '348',
        '349',
        '366',
        '380',
        '388',
        '392',
      ],
      7,
    ),
    emailDomains: withLocal(
      ['libero.it', 14],
      ['virgilio.it', 6],
      ['alice.it', 4],
      ['tiscali.it', 3],
      ['hotmail.it', 6],
    ),
  },
  NL: {
    timeZone: 'Europe/Amsterdam',
    phone: mobile('+31', ['6'], 8),
    emailDomains: withLocal(['ziggo.nl', 10], ['kpnmail.nl', 8], ['hotmail.nl', 8], ['live.nl', 5], ['xs4all.nl', 2]),
  },
  PL: {
    timeZone: 'Europe/Warsaw',
    phone: mobile('+48', ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'], 7),
    emailDomains: withLocal(['wp.pl', 16], ['onet.pl', 12], ['o2.pl', 10], ['interia.pl', 10], ['poczta.fm', 2]),
  },
  SE: {
    timeZone: 'Europe/Stockholm',
    phone: mobile('+46', ['70', '72', '73', '76', '79'], 7),
    emailDomains: withLocal(['telia.com', 8], ['hotmail.se', 10], ['live.se', 5], ['spray.se', 2], ['bredband.net', 3]),
  },
  FI: {
    timeZone: 'Europe/Helsinki',
    phone: mobile('+358', ['40', '41', '44', '45', '46', '50'], 7),
    emailDomains: withLocal(['luukku.com', 6], ['elisanet.fi', 5], ['kolumbus.fi', 3], ['hotmail.fi', 5]),
  },
  IE: {
    timeZone: 'Europe/Dublin',
    phone: mobile('+353', ['83', '85', '86', '87', '89'], 7),
    emailDomains: withLocal(['eircom.net', 10], ['hotmail.ie', 6], ['yahoo.ie', 4]),
  },
  GB: {
    timeZone: 'Europe/London',
    phone: mobile('+44', ['7'], 9),
    emailDomains: withLocal(
      ['btinternet.com', 10],
      ['hotmail.co.uk', 12],
      ['yahoo.co.uk', 8],
      ['sky.com', 5],
      ['live.co.uk', 5],
    ),
  },
  PT: {
    timeZone: 'Europe/Lisbon',
    phone: mobile('+351', ['91', '92', '93', '96'], 7),
    emailDomains: withLocal(['sapo.pt', 16], ['hotmail.pt', 6], ['netcabo.pt', 3], ['clix.pt', 2]),
  },
  BR: {
    timeZone: 'America/Sao_Paulo',
    phone: (random) =>
      `+55${random.pick(['11', '11', '11', '21', '21', '31', '41', '47', '51', '61', '62', '71', '81', '85', '91', '92'])}9${random.int(6, 9)}${random.digits(7)}`,
    emailDomains: withLocal(
      ['hotmail.com', 14],
      ['uol.com.br', 8],
      ['bol.com.br', 6],
      ['terra.com.br', 4],
      ['yahoo.com.br', 8],
      ['globo.com', 2],
    ),
    document: makeCpf,
  },
  MX: {
    timeZone: 'America/Mexico_City',
    phone: mobile('+52', ['55', '56', '33', '81', '222', '442', '998'], 8),
    emailDomains: withLocal(['hotmail.com', 16], ['yahoo.com.mx', 8], ['prodigy.net.mx', 3], ['live.com.mx', 4]),
    document: makeCurp,
  },
  CO: {
    timeZone: 'America/Bogota',
    phone: mobile(
      '+57',
      ['300', '301', '304', '310', '311', '312', '313', '314', '315', '316', '317', '318', '320', '321', '350'],
      7,
    ),
    emailDomains: withLocal(['hotmail.com', 16], ['yahoo.es', 6], ['une.net.co', 2]),
    document: (random) => String(random.int(10_000_000, 1_199_999_999)),
  },
  CL: {
    timeZone: 'America/Santiago',
    phone: mobile('+56', ['9'], 8),
    emailDomains: withLocal(['hotmail.com', 14], ['yahoo.es', 4], ['vtr.net', 3]),
    document: makeRut,
  },
  PE: {
    timeZone: 'America/Lima',
    phone: mobile('+51', ['9'], 8),
    emailDomains: withLocal(['hotmail.com', 16], ['yahoo.es', 6]),
    document: (random) => random.digits(8),
  },
  AR: {
    timeZone: 'America/Argentina/Buenos_Aires',
    phone: mobile('+549', ['11', '11', '221', '223', '261', '341', '351', '381'], 8),
    emailDomains: withLocal(['hotmail.com', 16], ['yahoo.com.ar', 8], ['fibertel.com.ar', 3], ['live.com.ar', 3]),
    document: (random) => String(random.int(10_000_000, 45_999_999)),
  },
  JP: {
    timeZone: 'Asia/Tokyo',
    phone: mobile('+81', ['70', '80', '90'], 8),
    emailDomains: withLocal(['yahoo.co.jp', 20], ['docomo.ne.jp', 8], ['ezweb.ne.jp', 5], ['softbank.ne.jp', 4]),
  },
  KW: {
    timeZone: 'Asia/Kuwait',
    phone: mobile('+965', ['5', '6', '9'], 7),
    emailDomains: withLocal(['hotmail.com', 14]),
    document: (random) => `${random.pick(['2', '3'])}${random.digits(11)}`,
  },
  IN: {
    timeZone: 'Asia/Kolkata',
    phone: mobile('+91', ['6', '7', '8', '9'], 9),
    emailDomains: withLocal(['yahoo.co.in', 10], ['rediffmail.com', 6], ['hotmail.com', 6]),
    document: makePan,
  },
};

/** Facts for a country the generator uses; a missing one is a bug in the market list. */
export function countryFacts(country: string): CountryFacts {
  const facts = COUNTRIES[country];
  if (!facts) throw new Error(`no country facts for ${country}`);
  return facts;
}
