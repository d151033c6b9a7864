import type { AddressInfo } from 'node:net';
import type { PaydeskDatabase } from '@paydesk/db';
import { startDemoTraffic, startSandboxes, type DemoTraffic, type Sandboxes, type StartSandboxesOptions } from '@paydesk/providers/sandbox';
import type { Logger } from 'pino';
import { startSessionCache, type SessionCache } from './auth/session-cache.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './context.ts';
import { startChangeFeed } from './live/change-feed.ts';
import { createProviderGateway, type GatewayOptions, type ProviderGateway } from './providers/provider-gateway.ts';
import type { ProviderSettings } from './providers/provider-settings.ts';
import { settingsForSandboxes } from './providers/sandbox-settings.ts';
import { buildServer } from './server.ts';
import { analyticsWorkerRound } from './workers/analytics-worker.ts';
import { processInboxRound } from './workers/inbox-worker.ts';
import { processOutboxRound } from './workers/outbox-worker.ts';
import { pollStatusRound } from './workers/status-poller.ts';
import { startWorkerLoop, type WorkerLoop } from './workers/worker-loop.ts';

export interface RuntimeOptions {
  database: PaydeskDatabase;
  clock: Clock;
  config: AppConfig;
  log: Logger;
  host: string;
  port: number;
  webDistDir?: string | undefined;
  /** Real providers; ignored for those the sandboxes replace. */
  providerSettings: ProviderSettings;
  /** Run the three provider sandboxes beside the API (demo, tests). */
  sandboxes?: false | Omit<StartSandboxesOptions, 'webhookBaseUrl'>;
  /** New sandbox payments per minute; 0 for none. */
  demoRatePerMinute?: number;
  /** Background workers: on in `pnpm start`, off in tests that drive rounds themselves. */
  workers?: boolean;
  /** Client settings for the providers (tests shorten timeouts). */
  gatewayOptions?: GatewayOptions;
}

export interface Runtime {
  url: string;
  /** Sessions this instance resolved recently (tests look at it). */
  sessions: SessionCache;
  gateway: ProviderGateway;
  sandboxes: Sandboxes | undefined;
  traffic: DemoTraffic | undefined;
  stop(): Promise<void>;
}

/**
 * Everything `pnpm start` runs in one process: the HTTP server (UI, API, webhooks), the
 * live change feed, the inbox, status, outbox and analytics workers, and in demo mode the
 * provider sandboxes with their traffic. Tests start the same thing on port 0.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { database, clock, config, log } = options;
  const changes = await startChangeFeed(database, { log });
  const sessions = await startSessionCache(database, { log });
  let settings: ProviderSettings = options.providerSettings;
  let inboxLoop: WorkerLoop | undefined;

  const app = buildServer({
    db: database.db,
    clock,
    config,
    log,
    changes,
    sessions: sessions.cache,
    webDistDir: options.webDistDir,
    webhooks: { settings: () => settings, onAccepted: () => inboxLoop?.wake() },
  });
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on ${options.host} is already in use: stop what runs there or set PORT to another port.`)
          : error,
      ),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;

  let sandboxes: Sandboxes | undefined;
  if (options.sandboxes) {
    sandboxes = await startSandboxes({ host: '127.0.0.1', ...options.sandboxes, webhookBaseUrl: `${url}/webhooks` });
    settings = { ...settings, ...settingsForSandboxes(sandboxes) };
  }
  const gateway = createProviderGateway(settings, options.gatewayOptions);

  const loops: WorkerLoop[] = [];
  if (options.workers ?? true) {
    inboxLoop = startWorkerLoop('inbox', () => processInboxRound({ db: database.db, gateway, clock, log }), { idleMs: 1000, log });
    loops.push(inboxLoop);
    loops.push(startWorkerLoop('status-poller', () => pollStatusRound({ db: database.db, gateway, clock, log }), { idleMs: 1000, log }));
    // Payout decisions and refunds go to Kasha from here, after their transaction committed.
    loops.push(startWorkerLoop('outbox', () => processOutboxRound({ db: database.db, gateway, clock, log }), { idleMs: 500, log }));
    // Payments writes only queue their analytics deltas; this folds them into the rollups, a
    // quarter of a second's worth at a time (readers apply what is left before they read).
    loops.push(startWorkerLoop('analytics', analyticsWorkerRound({ db: database.db }), { idleMs: 250, log }));
  }
  const traffic =
    sandboxes && (options.demoRatePerMinute ?? 0) > 0
      ? startDemoTraffic({
          sandboxes,
          ratePerMinute: options.demoRatePerMinute!,
          onError: (error, kind) => log.debug({ err: error, kind }, 'demo traffic creation failed'),
        })
      : undefined;

  return {
    url,
    sessions: sessions.cache,
    gateway,
    sandboxes,
    traffic,
    async stop() {
      await traffic?.stop();
      await Promise.all(loops.map((loop) => loop.stop()));
      await sandboxes?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await changes.close();
      await sessions.close();
    },
  };
}
