import type { KashaSandbox, KashaSandboxSecrets } from '../kasha/sandbox.ts';
import { startKashaSandbox } from '../kasha/sandbox.ts';
import type { KashimiSandbox, KashimiSandboxSecrets } from '../kashimi/sandbox.ts';
import { startKashimiSandbox } from '../kashimi/sandbox.ts';
import type { KlaviSandbox, KlaviSandboxSecrets } from '../klavi/sandbox.ts';
import { startKlaviSandbox } from '../klavi/sandbox.ts';
import type { Provider } from '../types.ts';
import type { SandboxClock } from './clock.ts';
import { createSandboxClock } from './clock.ts';
import type { FaultConfig } from './faults.ts';
import type { Seed } from './random.ts';

export interface StartSandboxesOptions {
  host?: string;
  /** 0 (the default) picks free ports; the CLI uses 4101/4102/4103. */
  ports?: Partial<Record<Provider, number>>;
  /** Webhooks go to `${webhookBaseUrl}/<provider>` unless `webhookUrls` names one. */
  webhookBaseUrl?: string;
  webhookUrls?: Partial<Record<Provider, string>>;
  secrets?: {
    kashimi?: Partial<KashimiSandboxSecrets>;
    klavi?: Partial<KlaviSandboxSecrets>;
    kasha?: Partial<KashaSandboxSecrets>;
  };
  faults?: FaultConfig;
  seed?: Seed;
  /** Follow the wall clock (demo) instead of standing still until advanced (tests). */
  autoAdvance?: boolean;
  /** One clock for all three; made here when not given. */
  clock?: SandboxClock;
  fetch?: typeof fetch;
}

export interface Sandboxes {
  kashimi: KashimiSandbox;
  klavi: KlaviSandbox;
  kasha: KashaSandbox;
  clock: SandboxClock;
  /** Moves the shared clock and runs what fell due in all three. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the three sandboxes on one shared clock. */
export async function startSandboxes(options: StartSandboxesOptions = {}): Promise<Sandboxes> {
  const ownsClock = options.clock === undefined;
  const clock = options.clock ?? createSandboxClock({ autoAdvance: options.autoAdvance ?? false });
  const webhookUrl = (provider: Provider): string | undefined =>
    options.webhookUrls?.[provider] ??
    (options.webhookBaseUrl ? `${options.webhookBaseUrl.replace(/\/+$/, '')}/${provider}` : undefined);
  const common = (provider: Provider) => {
    const url = webhookUrl(provider);
    return {
      clock,
      ...(options.host ? { host: options.host } : {}),
      ...(options.ports?.[provider] === undefined ? {} : { port: options.ports[provider] }),
      ...(url ? { webhookUrl: url } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
  };

  const started: { close(): Promise<void> }[] = [];
  try {
    const kashimi = await startKashimiSandbox({
      ...common('kashimi'),
      ...(options.secrets?.kashimi ? { secrets: options.secrets.kashimi } : {}),
    });
    started.push(kashimi);
    const klavi = await startKlaviSandbox({
      ...common('klavi'),
      ...(options.secrets?.klavi ? { secrets: options.secrets.klavi } : {}),
    });
    started.push(klavi);
    const kasha = await startKashaSandbox({
      ...common('kasha'),
      ...(options.secrets?.kasha ? { secrets: options.secrets.kasha } : {}),
    });
    started.push(kasha);
    return {
      kashimi,
      klavi,
      kasha,
      clock,
      advance: (ms) => clock.advance(ms),
      close: async () => {
        await Promise.all(started.map((sandbox) => sandbox.close()));
        if (ownsClock) clock.stop();
      },
    };
  } catch (error) {
    // A port already in use must not leave the other sandboxes listening.
    await Promise.all(started.map((sandbox) => sandbox.close()));
    if (ownsClock) clock.stop();
    throw error;
  }
}
