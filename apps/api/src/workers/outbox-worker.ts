import { claimOutboxCommands, lockLeasedOutboxCommand, updateOutboxCommand, type Database, type OutboxRow, type OutboxTable } from '@paydesk/db';
import {
  applyOutboxEvent,
  payoutActionEffect,
  refundEffect,
  type CallEffect,
  type OutboxEvent,
  type OutboxState,
  type PayoutDecisionEvent,
} from '@paydesk/domain';
import {
  isKashaAlreadyRefunded,
  kashaRefundToEvent,
  kashaTransactionToEvent,
  OutcomeUnknownError,
  ProviderError,
  ProviderHttpError,
  ProviderNetworkError,
  type KashaClient,
  type ProviderStatusEvent,
} from '@paydesk/providers';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { PAYOUT_COMMAND_KIND, type PayoutCommandPayload } from '../finance/decide-payout.ts';
import { applyPayoutEvents, applyRefundEventTo } from '../finance/provider-outcomes.ts';
import { REFUND_COMMAND_KIND, type RefundCommandPayload } from '../finance/request-refund.ts';
import { applyStatusEvents } from '../ingestion/apply-status-events.ts';
import type { ProviderGateway } from '../providers/provider-gateway.ts';

/** Test seams around the call; production passes none. */
export interface OutboxWorkerHooks {
  /** After the command is committed as in flight, before the call: a crash here must not double anything. */
  beforeSend?(command: OutboxRow): Promise<void>;
  /** After Kasha answered, before the answer is recorded: a crash here must not double anything either. */
  afterSend?(command: OutboxRow): Promise<void>;
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  gateway: ProviderGateway;
  clock: Clock;
  log: Logger;
  batchSize?: number;
  /**
   * How long a claimed command stays this worker's. Longer than one call can take with its
   * retries (timeouts and Retry-After waits), so a live worker never loses its command.
   */
  leaseMs?: number;
  /** Commands handled at once. */
  concurrency?: number;
  /** Wait before the next attempt of a command that could not be settled now. */
  retryDelayMs?: (attempts: number) => number;
  /** Look a payout up after Kasha accepted the decision, to put Kasha's own event on the timeline. */
  isTimelineLookupOn?: boolean;
  hooks?: OutboxWorkerHooks;
}

export const OUTBOX_KINDS = [PAYOUT_COMMAND_KIND, REFUND_COMMAND_KIND] as const;

const defaultRetryDelayMs = (attempts: number) => Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);

/**
 * One round of the outbox: claims due commands (SKIP LOCKED lease) and carries each one
 * step further — a send, or, when an earlier call may have arrived, a lookup that decides
 * whether it did. Returns how many commands it handled.
 */
export async function processOutboxRound(options: OutboxWorkerOptions): Promise<number> {
  const kasha = options.gateway.kasha;
  // Without a Kasha client nothing can be sent; the commands wait, safely, in the table.
  if (!kasha) return 0;
  const claimed = await claimOutboxCommands(options.db, {
    now: options.clock.now(),
    limit: options.batchSize ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
    kinds: OUTBOX_KINDS,
  });
  const queue = [...claimed];
  const worker = async () => {
    for (let command = queue.shift(); command; command = queue.shift()) {
      try {
        await new CommandRun(options, kasha, command).run();
      } catch (error) {
        // The lease runs out and the next claim picks the command up again, as a lookup if
        // it was in flight: an unexpected error can delay a command, never double it.
        options.log.error({ err: error, commandId: command.id, kind: command.kind }, 'outbox command failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, claimed.length) }, worker));
  return claimed.length;
}

type Business = (trx: Transaction<Database>, state: OutboxState) => Promise<void>;

/** One command's step, from the claim to the next resting state. */
class CommandRun {
  private readonly lease: Date;
  private readonly isPayout: boolean;

  constructor(
    private readonly options: OutboxWorkerOptions,
    private readonly kasha: KashaClient,
    private readonly command: OutboxRow,
  ) {
    if (!command.locked_until) throw new Error(`outbox command ${command.id} was not leased`);
    this.lease = command.locked_until;
    this.isPayout = command.kind === PAYOUT_COMMAND_KIND;
  }

  private get payout(): PayoutCommandPayload {
    return this.command.payload as PayoutCommandPayload;
  }

  private get refund(): RefundCommandPayload {
    return this.command.payload as RefundCommandPayload;
  }

  private get transactionId(): string {
    return this.isPayout ? this.payout.transactionId : this.refund.transactionId;
  }

  private retryAt(): Date {
    return new Date(this.options.clock.now().getTime() + (this.options.retryDelayMs ?? defaultRetryDelayMs)(this.command.attempts));
  }

  private outcomeContext() {
    return { now: this.options.clock.now(), log: this.options.log, requestId: `outbox:${this.command.id}` };
  }

  async run(): Promise<void> {
    let state: OutboxState | undefined = this.command.state as OutboxState;
    if (state === 'in_flight') {
      // Left by a worker that died (or lost its lease) mid-call: the call may have arrived.
      state = await this.transition(
        { type: 'outcomeUnknown' },
        { last_error: 'The worker stopped while the call was in flight; looking the transaction up.', next_attempt_at: this.options.clock.now() },
        this.isPayout ? undefined : (trx) => this.refundEvent(trx, { type: 'outcomeUnknown' }),
      );
    }
    if (state === 'unknown') state = await this.settleByLookup();
    if (state === 'pending') await this.send();
  }

  /**
   * Moves the command through the outbox machine inside a transaction, with the business
   * row's change in the same transaction. Returns undefined when the lease was lost (another
   * worker owns the command now) and the caller must stop.
   */
  private async transition(event: OutboxEvent, changes: Updateable<OutboxTable>, business?: Business): Promise<OutboxState | undefined> {
    return this.options.db.transaction().execute(async (trx) => {
      const current = await lockLeasedOutboxCommand(trx, this.command.id, this.lease);
      if (!current) return undefined;
      const result = applyOutboxEvent(current.state as OutboxState, event);
      if (!result.ok) throw new Error(`outbox command ${this.command.id}: ${result.message}`);
      await updateOutboxCommand(trx, this.command.id, { state: result.state, updated_at: this.options.clock.now(), ...changes });
      await business?.(trx, result.state);
      return result.state;
    });
  }

  private async payoutEvents(trx: Transaction<Database>, events: PayoutDecisionEvent[], answer: unknown): Promise<void> {
    await applyPayoutEvents(trx, this.command.payment_id!, events, { ...this.outcomeContext(), answer });
  }

  private async refundEvent(
    trx: Transaction<Database>,
    event: Parameters<typeof applyRefundEventTo>[2],
    extra: { answer?: unknown; error?: string } = {},
  ): Promise<void> {
    await applyRefundEventTo(trx, this.refund.merchantReference, event, { ...this.outcomeContext(), ...extra });
  }

  /** An earlier call may have arrived: ask Kasha for the transaction and decide from its status. */
  private async settleByLookup(): Promise<OutboxState | undefined> {
    let status: string;
    let lookup: unknown;
    let event: ProviderStatusEvent;
    try {
      const tx = await this.kasha.getTransaction(this.transactionId);
      status = tx.status;
      lookup = tx;
      event = kashaTransactionToEvent(tx);
    } catch (error) {
      return this.transition({ type: 'outcomeUnknown' }, { last_error: `Lookup failed: ${messageOf(error)}`, next_attempt_at: this.retryAt() });
    }
    const effect: CallEffect = this.isPayout ? payoutActionEffect(this.payout.action, status) : refundEffect(status);
    const state = await this.transition(
      { type: 'lookedUp', effect },
      {
        result: JSON.stringify({ lookup }),
        last_error: effect === 'undetermined' ? `Kasha shows ${status}; looking again later.` : null,
        next_attempt_at: effect === 'undetermined' ? this.retryAt() : this.options.clock.now(),
      },
      async (trx) => {
        if (!this.isPayout) return this.refundEvent(trx, { type: 'lookedUp', status }, effect === 'applied' || effect === 'superseded' ? { answer: { lookup } } : {});
        if (effect === 'applied') {
          return this.payoutEvents(trx, [{ type: 'providerAnswered', action: this.payout.action, outcome: 'accepted' }, { type: 'providerStatus', status }], { lookup });
        }
        if (effect === 'superseded') {
          return this.payoutEvents(trx, [{ type: 'providerStatus', status }, { type: 'providerAnswered', action: this.payout.action, outcome: 'refused' }], { lookup });
        }
      },
    );
    await this.recordTimeline(event);
    return state;
  }

  private async send(): Promise<void> {
    const sending = await this.transition(
      { type: 'send' },
      { last_error: null },
      this.isPayout ? undefined : (trx) => this.refundEvent(trx, { type: 'send' }),
    );
    if (sending !== 'in_flight') return;
    await this.options.hooks?.beforeSend?.(this.command);

    let answer: unknown;
    try {
      answer = this.isPayout
        ? await this.kasha.confirmPayout(
            { transactionId: this.payout.transactionId, action: this.payout.action },
            { idempotencyKey: this.command.idempotency_key },
          )
        : await this.kasha.refundByReference({ merchantReference: this.refund.merchantReference }, { idempotencyKey: this.command.idempotency_key });
    } catch (error) {
      await this.recordFailure(error);
      return;
    }
    await this.options.hooks?.afterSend?.(this.command);
    await this.recordAccepted(answer);
  }

  /**
   * Kasha took the action: from its answer, or from a refusal whose reported status shows
   * the action had already been taken (`fromRefusal`, with that status).
   */
  private async recordAccepted(answer: unknown, fromRefusal?: { status: string }): Promise<void> {
    const state = await this.transition({ type: 'answered', outcome: 'accepted' }, { result: JSON.stringify(answer), last_error: null }, async (trx) => {
      if (!this.isPayout) return this.refundEvent(trx, { type: 'answered', outcome: 'refunded' }, { answer });
      const status = fromRefusal?.status ?? (answer as { status?: unknown }).status;
      const events: PayoutDecisionEvent[] = [{ type: 'providerAnswered', action: this.payout.action, outcome: 'accepted' }];
      if (typeof status === 'string') events.push({ type: 'providerStatus', status });
      return this.payoutEvents(trx, events, answer);
    });
    if (state !== 'succeeded') return;
    if (!this.isPayout && !fromRefusal) {
      const event = kashaRefundToEvent(answer as Parameters<typeof kashaRefundToEvent>[0], this.refund.merchantReference);
      if (event) await this.recordTimeline(event);
    } else if (this.options.isTimelineLookupOn ?? true) {
      // Kasha's answer carries no time; its own transaction does, and matches the webhook's event key.
      try {
        await this.recordTimeline(kashaTransactionToEvent(await this.kasha.getTransaction(this.transactionId)));
      } catch (error) {
        this.options.log.debug({ err: error, commandId: this.command.id }, 'timeline lookup failed; the webhook will bring the status');
      }
    }
  }

  private async recordFailure(error: unknown): Promise<void> {
    const message = messageOf(error);
    if (error instanceof ProviderNetworkError && !error.sent) return this.recordNotSent(message);
    if (error instanceof ProviderHttpError && error.status < 500) {
      // Refused before anything happened (rate limit, credentials): the same call may go again.
      if ([401, 403, 408, 429].includes(error.status)) return this.recordNotSent(message);
      if (!this.isPayout && isKashaAlreadyRefunded(error)) return this.recordAccepted({ alreadyRefunded: error.body }, { status: 'REFUNDED' });
      const reported = (error.body as { status?: unknown } | null)?.status;
      if (typeof reported === 'string') {
        const effect = this.isPayout ? payoutActionEffect(this.payout.action, reported) : refundEffect(reported);
        // "Payout is PROCESSING, not PENDING" after our own earlier APPROVE: done, not failed.
        if (effect === 'applied') return this.recordAccepted({ refusal: error.body }, { status: reported });
      }
      return this.recordRefused(error.body, message);
    }
    // Timeout, cut connection, 5xx after sending, an unreadable 2xx, or a bug of ours: the
    // call may have taken effect. Never send again blindly; the next attempt looks it up.
    const kind = error instanceof OutcomeUnknownError ? 'outcome unknown' : error instanceof ProviderError ? error.code : 'unexpected error';
    await this.transition(
      { type: 'outcomeUnknown' },
      { last_error: `${kind}: ${message}`, next_attempt_at: this.retryAt() },
      this.isPayout ? undefined : (trx) => this.refundEvent(trx, { type: 'outcomeUnknown' }),
    );
  }

  private async recordNotSent(message: string): Promise<void> {
    await this.transition(
      { type: 'notSent' },
      { last_error: message, next_attempt_at: this.retryAt() },
      this.isPayout ? undefined : (trx) => this.refundEvent(trx, { type: 'notSent' }),
    );
  }

  private async recordRefused(body: unknown, message: string): Promise<void> {
    await this.transition({ type: 'answered', outcome: 'refused' }, { result: JSON.stringify({ refusal: body ?? null }), last_error: message }, async (trx) => {
      if (!this.isPayout) return this.refundEvent(trx, { type: 'answered', outcome: 'refused' }, { answer: { refusal: body ?? null }, error: message });
      return this.payoutEvents(trx, [{ type: 'providerAnswered', action: this.payout.action, outcome: 'refused' }], { refusal: body ?? null, error: message });
    });
  }

  /** Puts Kasha's status on the payment's timeline (deduplicated with the webhook of the same state). */
  private async recordTimeline(event: ProviderStatusEvent): Promise<void> {
    try {
      await applyStatusEvents(this.options.db, { provider: 'kasha', providerPaymentId: event.providerPaymentId, events: [event], now: this.options.clock.now() });
    } catch (error) {
      this.options.log.warn({ err: error, commandId: this.command.id }, 'could not put the Kasha status on the timeline');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
