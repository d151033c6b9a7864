import type { Logger } from 'pino';

export interface WorkerLoop {
  /** Run a round now instead of waiting for the interval (new work just arrived). */
  wake(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

/**
 * Calls `round` again and again: right away while it reports it did work (a backlog
 * drains at full speed), otherwise after `idleMs` or a `wake()`. A failing round is logged
 * and retried after the pause; the loop never dies of it.
 */
export function startWorkerLoop(name: string, round: () => Promise<number>, options: { idleMs: number; log: Logger }): WorkerLoop {
  let isStopped = false;
  let wakeUp: (() => void) | undefined;
  let isWoken = false;
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (isWoken) {
        isWoken = false;
        resolve();
        return;
      }
      const timer = setTimeout(resolve, options.idleMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeUp = undefined;
    });

  const running = (async () => {
    while (!isStopped) {
      let done = 0;
      try {
        done = await round();
      } catch (error) {
        options.log.error({ err: error, worker: name }, 'worker round failed');
      }
      if (done === 0 && !isStopped) await sleep();
    }
  })();

  return {
    wake() {
      if (wakeUp) wakeUp();
      else isWoken = true;
    },
    async stop() {
      isStopped = true;
      wakeUp?.();
      await running;
    },
  };
}
