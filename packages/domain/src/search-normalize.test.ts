import { describe, expect, it } from 'vitest';
import { normalizeForSearch } from './search-normalize.ts';

describe('normalizeForSearch', () => {
  it('lower-cases and strips accents so search ignores both', () => {
    expect(normalizeForSearch('José Müller')).toBe('jose muller');
    expect(normalizeForSearch('JOÃO CONCEIÇÃO')).toBe('joao conceicao');
  });

  it('gives the same key for differently accented spellings', () => {
    expect(normalizeForSearch('Zoë Ångström')).toBe(normalizeForSearch('zoe angstrom'));
  });

  it('folds letters that Unicode does not decompose', () => {
    expect(normalizeForSearch('Łukasz Straße')).toBe('lukasz strasse');
    expect(normalizeForSearch('Søren Ærø')).toBe('soren aero');
  });

  it('handles decomposed input and full-width characters like composed ASCII', () => {
    expect(normalizeForSearch('Jose\u0301')).toBe('jose');
    expect(normalizeForSearch('Ｊｏｈｎ')).toBe('john');
  });

  it('collapses and trims whitespace', () => {
    expect(normalizeForSearch('  John \t\n  Doe  ')).toBe('john doe');
    expect(normalizeForSearch('John\u00a0Doe')).toBe('john doe');
  });

  it('returns an empty key for missing input', () => {
    expect(normalizeForSearch(null)).toBe('');
    expect(normalizeForSearch(undefined)).toBe('');
  });
});
