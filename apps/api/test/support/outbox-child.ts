// A worker process for the crash test: runs one outbox round against the database and the
// Kasha sandbox named in argv[2] (JSON). With `pauseAt`, it writes `markerFile` at that
// point of the round and then hangs, so the test can SIGKILL it exactly there.
import { writeFileSync } from 'node:fs';
import { createDatabase } from '@paydesk/db';
import { pino } from 'pino';
import { systemClock } from '../../src/clock.ts';
import { createProviderGateway } from '../../src/providers/provider-gateway.ts';
import { processOutboxRound, type OutboxWorkerHooks } from '../../src/workers/outbox-worker.ts';

export interface ChildConfig {
  databaseUrl?: string;
  dataDir?: string;
  kasha: { baseUrl: string; apiKey: string; secret: string };
  pauseAt?: 'beforeSend' | 'afterSend';
  markerFile?: string;
  leaseMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
const gateway = createProviderGateway({ kasha: config.kasha }, { timeoutMs: 5_000 });
const hooks: OutboxWorkerHooks = {};
if (config.pauseAt) {
  hooks[config.pauseAt] = async (command) => {
    writeFileSync(config.markerFile!, JSON.stringify({ commandId: command.id, at: config.pauseAt }));
    // Hang here until the test kills the process.
    await new Promise(() => undefined);
  };
}
const handled = await processOutboxRound({
  db: database.db,
  gateway,
  clock: systemClock,
  log: pino({ level: 'warn' }),
  leaseMs: config.leaseMs,
  isTimelineLookupOn: false,
  hooks,
});
await database.destroy();
process.stdout.write(JSON.stringify({ handled }));
