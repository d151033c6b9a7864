/**
 * A spreadsheet runs a cell that begins with = + - @ tab or CR as a formula. Prefixing a
 * quote makes it plain text again (OWASP's advice for CSV injection).
 */
export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
