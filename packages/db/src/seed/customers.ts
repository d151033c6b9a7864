import { countryFacts } from './countries.ts';
import { NAME_BOOKS, type NameBook } from './names.ts';
import { hashSeed, hashText, Random } from './random.ts';

export interface Customer {
  readonly name: string;
  /** Lower-case, as the payments table stores it. */
  readonly email: string;
  readonly phone: string | null;
  readonly document: string | null;
  readonly merchantUserId: string;
}

const USER_ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Customer number `index` of a country. Each customer is derived from (seed, country,
 * index) alone, so a returning customer has the same name, email and phone on every
 * payment without the generator keeping a customer table in memory.
 */
export function makeCustomer(seed: number, country: string, index: number): Customer {
  const random = new Random(hashSeed(seed, hashText(`customer:${country}`), index));
  const book = NAME_BOOKS[country];
  if (!book) throw new Error(`no names for ${country}`);
  const facts = countryFacts(country);
  const { given, family, name } = makeName(random, book);
  const email = makeEmail(random, given, family, random.weighted(facts.emailDomains));
  const phone = random.chance(0.88) ? facts.phone(random) : null;
  const document = facts.document ? facts.document(random) : null;
  return { name, email, phone, document, merchantUserId: `usr_${random.chars(USER_ID_ALPHABET, 10)}` };
}

function makeName(random: Random, book: NameBook): { given: string; family: string; name: string } {
  const isFemale = random.chance(0.5);
  const given = random.pick(isFemale ? book.female : book.male);
  switch (book.style) {
    case 'western': {
      const family = random.pick(book.surnames);
      return { given, family, name: `${given} ${family}` };
    }
    case 'iberian': {
      // Two surnames (father's, then mother's) are the norm; many people use only the first.
      const family = random.pick(book.surnames);
      const second = random.chance(0.55) ? ` ${random.pick(book.surnames)}` : '';
      return { given, family, name: `${given} ${family}${second}` };
    }
    case 'brazilian': {
      const middle = random.chance(0.3) ? ` ${random.pick(isFemale ? book.female : book.male)}` : '';
      const mother = random.chance(0.6)
        ? `${random.chance(0.25) ? random.pick(['da ', 'de ', 'dos ']) : ''}${random.pick(book.surnames)} `
        : '';
      const family = random.pick(book.surnames);
      return { given, family, name: `${given}${middle} ${mother}${family}` };
    }
    case 'arabic': {
      const father = random.chance(0.5) ? ` ${random.pick(book.male)}` : '';
      const family = random.pick(book.surnames);
      return { given, family, name: `${given}${father} ${family}` };
    }
  }
}

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Plain ASCII for an email local part: "Conceição" → "conceicao", "Łucja" → "lucja". */
export function toAsciiSlug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßłøæœđðþı]/g, (letter) => SPECIAL_LETTERS[letter] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

function makeEmail(random: Random, given: string, family: string, domain: string): string {
  const first = toAsciiSlug(given.split(' ')[0]!);
  const last = toAsciiSlug(family.replace(/^(al|de|van|da|dos)[- ]/i, ''));
  const year = String(random.int(55, 105) % 100).padStart(2, '0');
  const local = random.weighted<string>([
    [`${first}.${last}`, 30],
    [`${first}${last}`, 12],
    [`${first[0]}${last}`, 10],
    [`${first}_${last}`, 6],
    [`${first}.${last}${year}`, 12],
    [`${last}.${first}`, 5],
    [`${first}${random.int(1, 999)}`, 10],
    [`${first}.${last}${random.int(1, 99)}`, 8],
    [`${last}${first[0]}`, 4],
  ]);
  return `${local}@${domain}`;
}
