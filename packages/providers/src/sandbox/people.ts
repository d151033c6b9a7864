import type { Random } from './random.ts';

// Made-up customers for sandbox payments, with names, phones and documents that look
// right for their country so screens and searches in the demo feel real.

interface Region {
  first: readonly string[];
  last: readonly string[];
  phonePrefix: string;
  phoneDigits: number;
  emailDomains: readonly string[];
  document?: { type: string; make: (random: Random) => string };
}

const LATAM_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com'];
const EU_DOMAINS = ['gmail.com', 'outlook.com', 'gmx.net', 'web.de', 'icloud.com', 'proton.me'];

const REGIONS: Readonly<Record<string, Region>> = {
  DE: {
    first: [
      'Lukas',
      'Anna',
      'Jonas',
      'Lea',
      'Felix',
      'Marie',
      'Paul',
      'Sophie',
      'Maximilian',
      'Hannah',
      'Tobias',
      'Katharina',
    ],
    last: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Becker',
      'Hoffmann',
      'Schäfer',
      'Koch',
    ],
    phonePrefix: '+49',
    phoneDigits: 10,
    emailDomains: EU_DOMAINS,
  },
  NL: {
    first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Tess', 'Finn', 'Sanne', 'Bram', 'Fleur'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos'],
    phonePrefix: '+31',
    phoneDigits: 9,
    emailDomains: EU_DOMAINS,
  },
  FR: {
    first: ['Gabriel', 'Louise', 'Léo', 'Jade', 'Raphaël', 'Chloé', 'Arthur', 'Camille', 'Hugo', 'Manon'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'],
    phonePrefix: '+33',
    phoneDigits: 9,
    emailDomains: ['gmail.com', 'orange.fr', 'free.fr', 'outlook.fr'],
  },
  ES: {
    first: ['Hugo', 'Lucía', 'Martín', 'Sofía', 'Pablo', 'Martina', 'Alejandro', 'Paula', 'Daniel', 'Carmen'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'],
    phonePrefix: '+34',
    phoneDigits: 9,
    emailDomains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es'],
    document: { type: 'DNI', make: (random) => `${random.digits(8)}${random.pick([...'TRWAGMYFPDXBNJZSQVHLCKE'])}` },
  },
  IT: {
    first: ['Leonardo', 'Sofia', 'Francesco', 'Giulia', 'Alessandro', 'Aurora', 'Lorenzo', 'Alice', 'Matteo', 'Chiara'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco'],
    phonePrefix: '+39',
    phoneDigits: 10,
    emailDomains: ['gmail.com', 'libero.it', 'virgilio.it', 'outlook.it'],
  },
  PT: {
    first: ['Francisco', 'Maria', 'Afonso', 'Leonor', 'Tomás', 'Matilde', 'Duarte', 'Beatriz'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins'],
    phonePrefix: '+351',
    phoneDigits: 9,
    emailDomains: ['gmail.com', 'sapo.pt', 'hotmail.com'],
  },
  BR: {
    first: [
      'Miguel',
      'Helena',
      'Arthur',
      'Alice',
      'Gael',
      'Laura',
      'Heitor',
      'Maria Luiza',
      'Theo',
      'Valentina',
      'Davi',
      'Beatriz',
    ],
    last: [
      'Silva',
      'Santos',
      'Oliveira',
      'Souza',
      'Rodrigues',
      'Ferreira',
      'Alves',
      'Pereira',
      'Lima',
      'Gomes',
      'Ribeiro',
    ],
    phonePrefix: '+55',
    phoneDigits: 11,
    emailDomains: ['gmail.com', 'hotmail.com', 'uol.com.br', 'bol.com.br'],
    document: { type: 'BRA_CPF', make: makeCpf },
  },
  MX: {
    first: ['Santiago', 'Ximena', 'Mateo', 'Valentina', 'Sebastián', 'Regina', 'Emiliano', 'Camila', 'Diego', 'Renata'],
    last: ['Hernández', 'García', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz'],
    phonePrefix: '+52',
    phoneDigits: 10,
    emailDomains: LATAM_DOMAINS,
    document: {
      type: 'CURP',
      make: (random) =>
        `${letters(random, 4)}${random.digits(6)}${random.pick(['H', 'M'])}${letters(random, 5)}${random.digits(2)}`,
    },
  },
  AR: {
    first: ['Benjamín', 'Isabella', 'Bautista', 'Emma', 'Joaquín', 'Martina', 'Thiago', 'Catalina'],
    last: ['González', 'Rodríguez', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez', 'Pérez'],
    phonePrefix: '+54',
    phoneDigits: 10,
    emailDomains: LATAM_DOMAINS,
    document: { type: 'DNI', make: (random) => random.digits(8) },
  },
  CO: {
    first: ['Samuel', 'Salomé', 'Matías', 'Mariana', 'Jerónimo', 'Antonella', 'Emmanuel', 'Sara'],
    last: ['Rodríguez', 'Gómez', 'González', 'Martínez', 'García', 'López', 'Hernández', 'Sánchez'],
    phonePrefix: '+57',
    phoneDigits: 10,
    emailDomains: LATAM_DOMAINS,
    document: { type: 'CC', make: (random) => random.digits(10) },
  },
  CL: {
    first: ['Agustín', 'Sofía', 'Vicente', 'Florencia', 'Maximiliano', 'Josefa', 'Tomás', 'Emilia'],
    last: ['González', 'Muñoz', 'Rojas', 'Díaz', 'Pérez', 'Soto', 'Contreras', 'Silva'],
    phonePrefix: '+56',
    phoneDigits: 9,
    emailDomains: LATAM_DOMAINS,
    document: {
      type: 'RUT',
      make: (random) => `${random.int(5, 25)}${random.digits(6)}-${random.pick([...'0123456789K'])}`,
    },
  },
  PE: {
    first: ['Thiago', 'Luciana', 'Liam', 'Ariana', 'Dylan', 'Kiara', 'Adriano', 'Nicole'],
    last: ['Quispe', 'Flores', 'Sánchez', 'Rodríguez', 'García', 'Rojas', 'Huamán', 'Mamani'],
    phonePrefix: '+51',
    phoneDigits: 9,
    emailDomains: LATAM_DOMAINS,
    document: { type: 'DNI', make: (random) => random.digits(8) },
  },
  GB: {
    first: ['Oliver', 'Olivia', 'George', 'Amelia', 'Harry', 'Isla', 'Noah', 'Ava', 'Jack', 'Mia'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright'],
    phonePrefix: '+44',
    phoneDigits: 10,
    emailDomains: ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk'],
  },
  IN: {
    first: ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Saanvi', 'Reyansh', 'Aadhya', 'Ishaan', 'Kavya'],
    last: ['Sharma', 'Verma', 'Gupta', 'Singh', 'Kumar', 'Patel', 'Reddy', 'Iyer', 'Nair', 'Das'],
    phonePrefix: '+91',
    phoneDigits: 10,
    emailDomains: ['gmail.com', 'yahoo.co.in', 'rediffmail.com', 'outlook.com'],
    document: { type: 'PAN', make: (random) => `${letters(random, 5)}${random.digits(4)}${letters(random, 1)}` },
  },
};

export interface FakePerson {
  name: string;
  email: string;
  phone: string;
  document?: { number: string; type: string };
}

/** A plausible customer from `country` (falls back to a European one). */
export function fakePerson(random: Random, country: string): FakePerson {
  const region = REGIONS[country.toUpperCase()] ?? REGIONS['DE']!;
  const first = random.pick(region.first);
  const last = random.pick(region.last);
  const local = `${ascii(first)}.${ascii(last)}${random.chance(0.5) ? random.int(1, 99) : ''}`;
  return {
    name: `${first} ${last}`,
    email: `${local}@${random.pick(region.emailDomains)}`,
    phone: `${region.phonePrefix}${random.int(6, 9)}${random.digits(region.phoneDigits - 1)}`,
    ...(region.document ? { document: { number: region.document.make(random), type: region.document.type } } : {}),
  };
}

const BBAN: Readonly<Record<string, (random: Random, bic: string) => string>> = {
  DE: (random) => random.digits(18),
  NL: (random, bic) => `${bic.slice(0, 4)}${random.digits(10)}`,
  FR: (random) => random.digits(23),
  ES: (random) => random.digits(20),
  IT: (random) => `${letters(random, 1)}${random.digits(22)}`,
  PT: (random) => random.digits(21),
  AT: (random) => random.digits(16),
  BE: (random) => random.digits(12),
  FI: (random) => random.digits(14),
  IE: (random, bic) => `${bic.slice(0, 4)}${random.digits(14)}`,
};

/** An IBAN with correct check digits, so validators in the back office accept it. */
export function fakeIban(random: Random, country: string, bic = 'XXXX'): string {
  const code = country.toUpperCase();
  const bban = (BBAN[code] ?? BBAN['DE']!)(random, bic);
  const rearranged = `${bban}${code}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = 98n - (BigInt(rearranged) % 97n);
  return `${code}${check.toString().padStart(2, '0')}${bban}`;
}

function letters(random: Random, count: number): string {
  return Array.from({ length: count }, () => String.fromCharCode(65 + random.int(0, 25))).join('');
}

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

// A CPF with valid check digits: Brazilian forms reject anything else.
function makeCpf(random: Random): string {
  const digits = Array.from({ length: 9 }, () => random.int(0, 9));
  for (const length of [9, 10]) {
    const sum = digits.slice(0, length).reduce((acc, digit, index) => acc + digit * (length + 1 - index), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}
