import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * Runs `count` copies of this program as cluster workers sharing the listening port, for
 * PAYDESK_HTTP_PROCESSES > 1: one Node process answers on one core, and on a machine with
 * more the API (not PostgreSQL) is what a read-heavy desk runs out of first. Each worker is
 * a whole Paydesk (its own pool, session cache and background loops, which are made to run
 * side by side: SKIP LOCKED queues, revocations pushed to every process). A worker that
 * dies is replaced; SIGINT or SIGTERM stops them all, then this process.
 */
export function superviseHttpProcesses(options: { count: number; log: Logger; onFirstListening: () => void }): void {
  const { log } = options;
  let isStopping = false;
  let hasListened = false;
  cluster.on('listening', () => {
    if (hasListened) return;
    hasListened = true;
    options.onFirstListening();
  });
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (isStopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'an HTTP process stopped; starting another');
    cluster.fork();
  });
  for (let i = 0; i < options.count; i++) cluster.fork();

  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`\n  ${signal}: stopping Paydesk…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
