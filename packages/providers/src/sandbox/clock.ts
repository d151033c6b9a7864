export type SandboxTask = () => void | Promise<void>;

/**
 * Time for the sandboxes. In manual mode it stands still until `advance`/`tick`, so tests
 * are deterministic; with `autoAdvance` it follows the wall clock for demos. Scheduled
 * tasks (status steps, webhook deliveries) run in time order, one at a time, each seeing
 * `now()` equal to its own due time in manual mode.
 */
export interface SandboxClock {
  now(): number;
  /** Runs `task` once the clock reaches `time`. */
  schedule(time: number, task: SandboxTask): void;
  /** Runs `task` after `delayMs` of sandbox time. */
  scheduleIn(delayMs: number, task: SandboxTask): void;
  /** Moves time forward, running every task that falls due on the way, and waits for them. */
  advance(ms: number): Promise<void>;
  /** Runs the tasks already due without moving time. */
  tick(): Promise<void>;
  /** Advances to each next task until none is left within `maxMs`; returns the time advanced. */
  runUntilIdle(options?: { maxMs?: number }): Promise<number>;
  /** Due time of the earliest waiting task. */
  nextTaskAt(): number | undefined;
  pendingTasks(): number;
  readonly autoAdvance: boolean;
  /** Errors thrown by tasks; a sandbox bug, never the client's. */
  readonly taskErrors: readonly unknown[];
  /** Stops real-time advancing; waiting tasks stay queued. */
  stop(): void;
}

export interface SandboxClockOptions {
  /** Start time in manual mode (default: the wall clock at creation). */
  start?: Date | number;
  autoAdvance?: boolean;
  /** How often real-time mode looks for due tasks. */
  intervalMs?: number;
  onTaskError?: (error: unknown) => void;
}

interface Entry {
  at: number;
  seq: number;
  task: SandboxTask;
}

/** A manual clock for tests, or a wall-clock one for demos with `autoAdvance`. */
export function createSandboxClock(options: SandboxClockOptions = {}): SandboxClock {
  const autoAdvance = options.autoAdvance ?? false;
  const start =
    options.start === undefined
      ? Date.now()
      : typeof options.start === 'number'
        ? options.start
        : options.start.getTime();
  let manualNow = start;
  // Real-time mode can still be pushed ahead (advance) for demos that want to skip a wait.
  let offset = 0;
  let seq = 0;
  const queue: Entry[] = [];
  const taskErrors: unknown[] = [];
  let chain: Promise<unknown> = Promise.resolve();

  const now = (): number => (autoAdvance ? Date.now() + offset : manualNow);

  const insert = (entry: Entry): void => {
    // Binary search keeps the queue sorted by (at, seq): equal times run in scheduling order.
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = queue[mid]!;
      if (other.at < entry.at || (other.at === entry.at && other.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, entry);
  };

  const runTask = async (entry: Entry): Promise<void> => {
    try {
      await entry.task();
    } catch (error) {
      taskErrors.push(error);
      options.onTaskError?.(error);
    }
  };

  const runDueUntil = async (limit: () => number): Promise<void> => {
    for (;;) {
      const first = queue[0];
      if (!first || first.at > limit()) return;
      queue.shift();
      if (!autoAdvance && first.at > manualNow) manualNow = first.at;
      await runTask(first);
    }
  };

  // One runner at a time: advance, tick and the real-time loop never interleave tasks.
  const exclusive = (work: () => Promise<void>): Promise<void> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  if (autoAdvance) {
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void exclusive(() => runDueUntil(now)).finally(() => {
        busy = false;
      });
    }, options.intervalMs ?? 100);
    timer.unref();
  }

  const clock: SandboxClock = {
    now,
    schedule(time, task) {
      insert({ at: time, seq: seq++, task });
    },
    scheduleIn(delayMs, task) {
      insert({ at: now() + Math.max(0, delayMs), seq: seq++, task });
    },
    advance(ms) {
      return exclusive(async () => {
        if (autoAdvance) {
          offset += Math.max(0, ms);
          await runDueUntil(now);
          return;
        }
        const target = manualNow + Math.max(0, ms);
        await runDueUntil(() => target);
        manualNow = Math.max(manualNow, target);
      });
    },
    tick() {
      return exclusive(() => runDueUntil(now));
    },
    async runUntilIdle(runOptions = {}) {
      const maxMs = runOptions.maxMs ?? 24 * 60 * 60 * 1000;
      const begin = now();
      for (;;) {
        await clock.tick();
        const next = queue[0];
        if (!next || next.at - begin > maxMs) return now() - begin;
        await clock.advance(Math.max(0, next.at - now()));
      }
    },
    nextTaskAt: () => queue[0]?.at,
    pendingTasks: () => queue.length,
    autoAdvance,
    taskErrors,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return clock;
}
