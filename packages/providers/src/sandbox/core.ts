import type { SandboxClock } from './clock.ts';
import { createSandboxClock } from './clock.ts';
import type { FaultConfig, ScriptedFault } from './faults.ts';
import { FaultInjector } from './faults.ts';
import type { RequestLogEntry, Route } from './http-server.ts';
import { startSandboxHttpServer } from './http-server.ts';
import type { Random, Seed } from './random.ts';
import { createRandom, randomSeed } from './random.ts';
import type { WebhookDelivery } from './webhook-sender.ts';
import { WebhookSender } from './webhook-sender.ts';

/** Options every sandbox takes. */
export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default; sandboxes are not meant to be reachable from elsewhere. */
  host?: string;
  /** Where webhooks go when a payment does not name its own URL; none are sent without one. */
  webhookUrl?: string;
  faults?: FaultConfig;
  /** Share one clock between sandboxes; otherwise each makes its own. */
  clock?: SandboxClock;
  /** For a clock the sandbox makes itself: follow the wall clock (demo) instead of standing still (tests). */
  autoAdvance?: boolean;
  /** Same seed, same calls → same payments, outcomes and ids. */
  seed?: Seed;
  /** Used to deliver webhooks. */
  fetch?: typeof fetch;
  /** Waits before each webhook retry (default 5 s, 30 s, 2 min, 10 min, 30 min). */
  webhookRetryDelaysMs?: readonly number[];
}

/** What every sandbox handle offers besides its provider's own state. */
export interface SandboxHandle {
  readonly url: string;
  readonly port: number;
  readonly clock: SandboxClock;
  /** Every request received, with the status sent and any injected fault. */
  readonly requests: readonly RequestLogEntry[];
  /** Every webhook queued, with its attempts. */
  readonly webhooks: readonly WebhookDelivery[];
  /** Replaces the fault probabilities. */
  setFaults(config: FaultConfig): void;
  /** Makes the next matching request(s) fail in a chosen way. */
  injectFault(fault: ScriptedFault): void;
  advance(ms: number): Promise<void>;
  tick(): Promise<void>;
  close(): Promise<void>;
}

export interface SandboxCore {
  clock: SandboxClock;
  random: Random;
  faults: FaultInjector;
  requests: RequestLogEntry[];
  webhooks: WebhookSender;
  start(routes: readonly Route[], errorBody: (status: number, message: string) => unknown): Promise<SandboxHandle>;
}

/** Clock, randomness, faults, request log and webhook sender, wired the same way for every sandbox. */
export function createSandboxCore(
  name: string,
  options: SandboxOptions,
  signing: { sign: (body: string, now: number) => Record<string, string>; signatureHeader: string },
): SandboxCore {
  const ownsClock = options.clock === undefined;
  const clock = options.clock ?? createSandboxClock({ autoAdvance: options.autoAdvance ?? false });
  const root = createRandom(`${String(options.seed ?? randomSeed())}/${name}`);
  const random = root.fork('business');
  // Faults draw from their own stream so turning them on does not change business outcomes.
  const faults = new FaultInjector(options.faults, root.fork('faults'));
  const requests: RequestLogEntry[] = [];
  const webhooks = new WebhookSender({
    clock,
    random: root.fork('webhooks'),
    faults,
    sign: signing.sign,
    signatureHeader: signing.signatureHeader,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
  });

  return {
    clock,
    random,
    faults,
    requests,
    webhooks,
    async start(routes, errorBody) {
      const server = await startSandboxHttpServer({
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        routes,
        faults,
        clock,
        errorBody,
        log: requests,
      });
      return {
        url: server.url,
        port: server.port,
        clock,
        requests,
        webhooks: webhooks.deliveries,
        setFaults: (config) => faults.configure(config),
        injectFault: (fault) => faults.injectNext(fault),
        advance: (ms) => clock.advance(ms),
        tick: () => clock.tick(),
        close: async () => {
          if (ownsClock) clock.stop();
          await server.close();
        },
      };
    },
  };
}

/** Bearer token from an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** A value as a non-blank string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A plain JSON object, or undefined. */
export function object(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** ISO time for a sandbox timestamp. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
