import type { Random } from './random.ts';

/**
 * Misbehaviour to inject, as probabilities per request or per delivery. Answer faults
 * (`errorRate5xx`, `rate429`, `timeoutRate`, `dropConnectionRate`, `latencyMs`) hit the
 * sandbox's HTTP answers; delivery faults (`duplicateDeliveryRate`, `outOfOrderRate`,
 * `badSignatureRate`, `dropConnectionRate`, `latencyMs`) hit the webhooks it sends.
 */
export interface FaultConfig {
  /** Extra delay, uniformly drawn, in real milliseconds for answers and sandbox time for deliveries. */
  latencyMs?: readonly [number, number];
  /** 500/502/503/504; half before the request is processed, half after (the effect happened). */
  errorRate5xx?: number;
  /** 429 with Retry-After, before anything is processed. */
  rate429?: number;
  /** The request is processed, then no answer comes until the client gives up. */
  timeoutRate?: number;
  /** Answers: processed, then the connection is cut. Deliveries: the attempt fails and is retried. */
  dropConnectionRate?: number;
  duplicateDeliveryRate?: number;
  /** The delivery is held back 5–60 s so later events of the same payment overtake it. */
  outOfOrderRate?: number;
  /** The delivery's signature is corrupted on that attempt. */
  badSignatureRate?: number;
  /** Retry-After sent with injected 429s (default 1). */
  retryAfterSeconds?: number;
}

export type AnswerFaultKind = 'error5xx' | 'rate429' | 'timeout' | 'dropConnection';

/** A fault for the next matching request(s), for tests that need it exactly once. */
export interface ScriptedFault {
  kind: AnswerFaultKind;
  method?: string;
  /** Exact path (without query), or a pattern tested on it. */
  path?: string | RegExp;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** For error5xx (default 503). */
  status?: number;
  /** For error5xx: process the request first, so the effect happens and only the answer fails. */
  afterProcessing?: boolean;
  retryAfterSeconds?: number;
}

export interface AnswerFault {
  kind: AnswerFaultKind;
  status: number;
  afterProcessing: boolean;
  retryAfterSeconds: number;
}

export interface DeliveryFaults {
  delayMs: number;
  duplicate: boolean;
}

/** Decides, per request and per delivery, which configured or scripted fault hits. */
export class FaultInjector {
  private current: FaultConfig;
  private readonly scripted: { fault: ScriptedFault; remaining: number }[] = [];
  private readonly random: Random;

  constructor(config: FaultConfig | undefined, random: Random) {
    this.current = { ...config };
    this.random = random;
  }

  get config(): Readonly<FaultConfig> {
    return this.current;
  }

  /** Replaces the probabilities; scripted faults are kept. */
  configure(config: FaultConfig): void {
    this.current = { ...config };
  }

  injectNext(fault: ScriptedFault): void {
    this.scripted.push({ fault, remaining: fault.times ?? 1 });
  }

  clearScripted(): void {
    this.scripted.length = 0;
  }

  /** The fault for this request, if any: scripted ones first, then the configured odds. */
  answerFaultFor(method: string, path: string): AnswerFault | undefined {
    const index = this.scripted.findIndex(({ fault }) => matches(fault, method, path));
    if (index >= 0) {
      const entry = this.scripted[index]!;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.scripted.splice(index, 1);
      const { fault } = entry;
      return {
        kind: fault.kind,
        status: fault.kind === 'rate429' ? 429 : (fault.status ?? 503),
        // A withheld answer or a cut connection only make sense once the request was handled.
        afterProcessing:
          fault.kind === 'timeout' || fault.kind === 'dropConnection' || (fault.afterProcessing ?? false),
        retryAfterSeconds: fault.retryAfterSeconds ?? this.current.retryAfterSeconds ?? 1,
      };
    }
    const c = this.current;
    const retryAfterSeconds = c.retryAfterSeconds ?? 1;
    if (this.roll(c.rate429)) return { kind: 'rate429', status: 429, afterProcessing: false, retryAfterSeconds };
    if (this.roll(c.errorRate5xx)) {
      const status = this.random.pick([500, 502, 503, 504]);
      return { kind: 'error5xx', status, afterProcessing: this.random.chance(0.5), retryAfterSeconds };
    }
    if (this.roll(c.timeoutRate)) return { kind: 'timeout', status: 0, afterProcessing: true, retryAfterSeconds };
    if (this.roll(c.dropConnectionRate))
      return { kind: 'dropConnection', status: 0, afterProcessing: true, retryAfterSeconds };
    return undefined;
  }

  latencyMs(): number {
    const range = this.current.latencyMs;
    if (!range) return 0;
    return Math.round(this.random.between(range[0], Math.max(range[0], range[1])));
  }

  /** Decided once per delivery. */
  deliveryFaults(): DeliveryFaults {
    const outOfOrder = this.roll(this.current.outOfOrderRate);
    return {
      delayMs: this.latencyMs() + (outOfOrder ? this.random.int(5_000, 60_000) : 0),
      duplicate: this.roll(this.current.duplicateDeliveryRate),
    };
  }

  /** Decided per attempt. */
  attemptFaults(): { badSignature: boolean; drop: boolean } {
    return { drop: this.roll(this.current.dropConnectionRate), badSignature: this.roll(this.current.badSignatureRate) };
  }

  private roll(probability: number | undefined): boolean {
    return probability !== undefined && probability > 0 && this.random.chance(probability);
  }
}

function matches(fault: ScriptedFault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
}
