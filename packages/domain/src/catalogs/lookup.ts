/** Trimmed, upper-case form of a provider code, or null when nothing usable was sent. */
export function normalizeCode(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const code = String(raw).trim().toUpperCase();
  return code.length > 0 ? code : null;
}

/**
 * Looks a provider code up in a catalog. Own keys only: a provider sending
 * "constructor" or "__proto__" must come back as unknown, not as an Object method.
 */
export function lookupCode<K extends string, T>(
  catalog: Readonly<Record<K, T>>,
  raw: string | number | null | undefined,
): { code: K; entry: T } | undefined {
  const code = normalizeCode(raw);
  if (code === null || !Object.hasOwn(catalog, code)) return undefined;
  return { code: code as K, entry: catalog[code as K] };
}
