// Letters that carry no combining mark in Unicode, so NFKD alone would leave them as
// they are and "Łukasz" would never match "lukasz".
const UNDECOMPOSABLE: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const UNDECOMPOSABLE_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

/**
 * Search key for names and references: lower case, no accents, single spaces.
 * Store it beside the original and apply it to the query, so search behaves the same
 * on PostgreSQL and PGlite without extensions such as unaccent.
 */
export function normalizeForSearch(value: string | null | undefined): string {
  if (typeof value !== 'string') return '';
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSABLE_PATTERN, (ch) => UNDECOMPOSABLE[ch] ?? ch)
    .replace(/\s+/gu, ' ')
    .trim();
}
