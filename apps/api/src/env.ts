import { fileURLToPath } from 'node:url';
import { financeLimits, parseCurrencyAmounts, type FinanceLimits } from '@paydesk/domain';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const flag = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((value) => value === 'on' || value === 'true' || value === '1');

const currencyAmounts = z.string().transform((text, ctx) => {
  try {
    return parseCurrencyAmounts(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

/** Every setting Paydesk reads, parsed once. Nothing else reads process.env. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Real PostgreSQL when set; embedded PGlite under PAYDESK_DATA_DIR otherwise. */
  DATABASE_URL: z.string().url().optional(),
  PAYDESK_DATA_DIR: z.string().default(`${repoRoot}.data/pglite`),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The one zone in which staff read times, pick date ranges and see daily charts. */
  BUSINESS_TIME_ZONE: z
    .string()
    .default('Europe/Madrid')
    .refine((zone) => isValidTimeZone(zone), 'BUSINESS_TIME_ZONE must be an IANA zone such as Europe/Madrid'),
  /** Load demo payments and demo staff accounts into an empty database. */
  PAYDESK_DEMO: flag.default(true),
  /** Start the provider sandboxes and their live demo traffic beside the API. */
  PAYDESK_SANDBOXES: flag.default(true),
  // Provider connections. With PAYDESK_SANDBOXES=on these are replaced by the sandboxes'.
  KASHIMI_BASE_URL: z.string().url().optional(),
  KASHIMI_CLIENT_ID: z.string().optional(),
  KASHIMI_CLIENT_SECRET: z.string().optional(),
  KASHIMI_WEBHOOK_SECRET: z.string().optional(),
  KLAVI_BASE_URL: z.string().url().optional(),
  KLAVI_ACCESS_KEY: z.string().optional(),
  KLAVI_SECRET_KEY: z.string().optional(),
  KASHA_BASE_URL: z.string().url().optional(),
  KASHA_API_KEY: z.string().optional(),
  KASHA_SECRET: z.string().optional(),
  /** New sandbox payments per minute in demo mode. */
  PAYDESK_DEMO_RATE: z.coerce.number().min(0).max(6000).default(12),
  /** Payouts at or above these amounts need two finance approvals, e.g. "EUR=1000,GBP=850"; merged over the domain's defaults. */
  PAYDESK_SECOND_APPROVAL_THRESHOLDS: currencyAmounts.optional(),
  /** Refunds support may request alone, up to and including these amounts, e.g. "EUR=250"; merged over the defaults. */
  PAYDESK_SUPPORT_REFUND_LIMITS: currencyAmounts.optional(),
  /** Hours a payout may wait for its decision before the queue shows it overdue. */
  PAYDESK_PAYOUT_SLA_HOURS: z.coerce.number().positive().max(24 * 30).optional(),
  /**
   * HTTP processes sharing PORT (node:cluster), to use more than one core. Needs DATABASE_URL
   * (the embedded database lives in one process) and PAYDESK_SANDBOXES=off (the sandboxes
   * and their traffic run beside one process).
   */
  PAYDESK_HTTP_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the built web app is; served by the API in `pnpm start`. */
  WEB_DIST_DIR: z.string().default(`${repoRoot}apps/web/dist`),
});

export type Env = z.infer<typeof envSchema>;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses the environment, naming every bad variable in one message. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = result.data;
  if (env.PAYDESK_HTTP_PROCESSES > 1 && (!env.DATABASE_URL || env.PAYDESK_SANDBOXES)) {
    throw new Error(
      'Invalid configuration:\n  PAYDESK_HTTP_PROCESSES: more than one process needs DATABASE_URL (the embedded database lives in one process) and PAYDESK_SANDBOXES=off (the sandboxes run beside one process)',
    );
  }
  return env;
}

/** The finance limits in force: the domain's defaults with the environment's overrides merged over them. */
export function financeLimitsFromEnv(env: Env): FinanceLimits {
  return financeLimits({
    ...(env.PAYDESK_SECOND_APPROVAL_THRESHOLDS ? { secondApproval: env.PAYDESK_SECOND_APPROVAL_THRESHOLDS } : {}),
    ...(env.PAYDESK_SUPPORT_REFUND_LIMITS ? { supportRefund: env.PAYDESK_SUPPORT_REFUND_LIMITS } : {}),
    ...(env.PAYDESK_PAYOUT_SLA_HOURS ? { payoutSlaHours: env.PAYDESK_PAYOUT_SLA_HOURS } : {}),
  });
}
