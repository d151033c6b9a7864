import type { ZodError, ZodType } from 'zod';

type Issue = ZodError['issues'][number];

export type JsonDecodeResult = { ok: true; value: unknown } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a webhook body (bytes, text, or JSON already parsed by a framework) into a
 * JSON value. Never throws: every failure comes back as a reason a person can read.
 */
export function decodeJsonBody(raw: unknown): JsonDecodeResult {
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else if (raw instanceof Uint8Array) {
    try {
      text = utf8.decode(raw);
    } catch {
      return { ok: false, reason: 'body is not valid UTF-8' };
    }
  } else if (raw === undefined) {
    return { ok: false, reason: 'body is empty' };
  } else {
    return { ok: true, value: raw };
  }
  // A byte-order mark is legal in UTF-8 but JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: 'body is empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Validates a JSON value, answering with the first problem in words ("field paymentId is missing"). */
export function validateJson<T>(
  schema: ZodType<T>,
  value: unknown,
): { ok: true; data: T } | { ok: false; reason: string; problems: string[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map((issue) => describeIssue(issue, value));
  return { ok: false, reason: problems[0] ?? 'body does not have the expected shape', problems };
}

/** One validation issue as a sentence that names the field. */
export function describeIssue(issue: Issue, root: unknown): string {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const name = formatPath(path);
  const found = valueAt(root, path);
  if (path.length === 0) {
    if (issue.code === 'invalid_type') return `body must be a JSON ${issue.expected} (got ${describeValue(found)})`;
    return `body ${issue.message}`;
  }
  if (found.present === false) return `field ${name} is missing`;
  switch (issue.code) {
    case 'invalid_type':
      return `field ${name} must be ${article(issue.expected)} (got ${describeValue(found)})`;
    case 'custom':
      return `field ${name} ${issue.message}`;
    case 'too_small':
      return `field ${name} must not be empty`;
    case 'invalid_union': {
      // Name the alternatives ("a number or a string") when they differ only in type.
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) =>
          inner.code === 'invalid_type' && inner.path.length === 0 ? [article(inner.expected)] : [],
        ),
      );
      return expected.length === issue.errors.length
        ? `field ${name} must be ${expected.join(' or ')} (got ${describeValue(found)})`
        : `field ${name} is invalid: ${issue.message}`;
    }
    default:
      return `field ${name} is invalid: ${issue.message}`;
  }
}

/** `payload.statusReason.code`, `failureReasons[2]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

type Lookup = { present: true; value: unknown } | { present: false };

function valueAt(root: unknown, path: readonly (string | number)[]): Lookup {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return { present: false };
    current = (current as Record<string | number, unknown>)[key];
  }
  // An explicit undefined cannot come from JSON; treat it like an absent field.
  return current === undefined ? { present: false } : { present: true, value: current };
}

function describeValue(found: Lookup): string {
  if (!found.present) return 'nothing';
  const { value } = found;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
// Kasha's refund answer writes dates as "02/09/2021 23:02:33": day first, no zone (read as UTC).
const DAY_FIRST = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Reads a provider timestamp; undefined when it is not one we can place in time. */
export function parseProviderTimestamp(text: string): Date | undefined {
  const trimmed = text.trim();
  if (ISO_LIKE.test(trimmed)) {
    const date = new Date(trimmed);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const match = DAY_FIRST.exec(trimmed);
  if (match) {
    const [, day, month, year, hour = '0', minute = '0', second = '0'] = match;
    const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
    const date = new Date(ms);
    // Date.UTC rolls 31/02 over into March; a rolled date is not what the provider meant.
    if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) return undefined;
    return date;
  }
  return undefined;
}

/** Parses a text body as JSON when it is JSON, otherwise keeps the text (for error bodies). */
export function parseBodyLoosely(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
