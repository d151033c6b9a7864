import {
  insertPaymentEventOnce,
  insertPaymentIfAbsent,
  lockPaymentByProviderId,
  lockPayoutDecision,
  notifyPaymentChange,
  retryTransaction,
  updatePayment,
  type Database,
  type LockedPayment,
} from '@paydesk/db';
import {
  isDeclinedByMerchant,
  isPayoutDecisionState,
  nextStatusCheckAt,
  normalizeForSearch,
  shouldBecomeCurrent,
  type CurrentStatus,
  type Direction,
  type NormalizedStatus,
  type Provider,
  type UnifiedStatus,
} from '@paydesk/domain';
import type { ProviderPaymentSnapshot, ProviderStatusEvent } from '@paydesk/providers';
import type { Kysely, Transaction } from 'kysely';
import { followProviderStatus } from '../finance/provider-outcomes.ts';
import { normalizeStatusFacts, type OwnFacts } from './normalize-event.ts';

// Stale or repeated provider reports are expected here; the domain machines ignore them.
const quietLog = { warn: () => undefined };

export interface ApplyResult {
  paymentId: string;
  applied: number;
  duplicates: number;
  status: UnifiedStatus;
}

export class UnknownPaymentError extends Error {
  constructor(
    readonly provider: Provider,
    readonly providerPaymentId: string,
  ) {
    super(`${provider} payment ${providerPaymentId} is not known yet and no details were fetched`);
  }
}

function paymentFromSnapshot(snapshot: ProviderPaymentSnapshot, normalized: NormalizedStatus, now: Date) {
  const name = snapshot.customer?.name ?? null;
  return {
    provider: snapshot.provider,
    direction: snapshot.direction,
    method: snapshot.method,
    provider_payment_id: snapshot.providerPaymentId,
    provider_reference: snapshot.providerReference ?? null,
    merchant_reference: snapshot.merchantReference ?? null,
    payment_reference: snapshot.paymentReference ?? null,
    amount_minor: snapshot.amountMinor,
    currency: snapshot.currency,
    country: snapshot.country ?? null,
    bank_id: snapshot.institutionId ?? null,
    bank_name: snapshot.institutionName ?? null,
    customer_name: name,
    customer_name_search: name ? normalizeForSearch(name) : null,
    customer_email: snapshot.customer?.email?.trim().toLowerCase() ?? null,
    customer_phone: snapshot.customer?.phone?.replace(/[^\d+]/g, '') ?? null,
    customer_document: snapshot.customer?.document ?? null,
    card_bin: snapshot.card?.bin ?? null,
    card_last4: snapshot.card?.last4 ?? null,
    merchant_user_id: snapshot.merchantUserId ?? null,
    // The snapshot's status holds until the first event; '' loses every tie to a real event.
    status: normalized.status,
    provider_status: normalized.providerStatus,
    detailed_status: normalized.detailedStatus,
    phase: normalized.phase,
    failure_category: normalized.failureCategory,
    failure_codes: normalized.failureCodes,
    status_at: snapshot.createdAt,
    created_at: snapshot.createdAt,
    updated_at: now,
    completed_at: normalized.status === 'COMPLETED' ? snapshot.createdAt : null,
    next_check_at: now,
  };
}

/**
 * What our own records add to the provider's report. Kasha says DECLINED both for a payout
 * we declined and for one its processor refused; our decision row tells them apart. Locked
 * in the order ADR 006 sets (payment, then decision); followProviderStatus locks it anyway.
 */
async function ownFactsOf(trx: Transaction<Database>, payment: LockedPayment): Promise<OwnFacts> {
  if (payment.provider !== 'kasha' || payment.direction !== 'payout') return {};
  const decision = await lockPayoutDecision(trx, payment.id);
  if (!decision || !isPayoutDecisionState(decision.state)) return {};
  const action =
    decision.decided_action === 'APPROVE' || decision.decided_action === 'DECLINE' ? decision.decided_action : null;
  return { isMerchantDecline: isDeclinedByMerchant({ state: decision.state, action }) };
}

function currentOf(payment: LockedPayment): CurrentStatus {
  return {
    status: payment.status as UnifiedStatus,
    at: payment.status_at,
    eventKey: payment.status_event_key,
    isManual: payment.manual_resolution !== null,
  };
}

/**
 * Applies a payment's provider events in one transaction: each event lands in the timeline
 * at most once, and the payment takes the status of the newest event that may replace the
 * current one (shouldBecomeCurrent). The rollups follow by trigger; listeners hear of the
 * change when the transaction commits. Network calls happen before, never inside.
 */
export async function applyStatusEvents(
  db: Kysely<Database>,
  input: {
    provider: Provider;
    providerPaymentId: string;
    events: readonly ProviderStatusEvent[];
    /** The payment's details from the provider, when it is new to us. */
    snapshot?: ProviderPaymentSnapshot | undefined;
    now: Date;
    /** Ask the provider again soon (a Kashimi webhook: its archive has the steps between). */
    checkSoon?: boolean;
    /** Set when the events come from asking the provider (a poll), for "last checked". */
    checkedAt?: Date;
    /** More work that must commit or roll back with these events (the inbox marking its delivery done). */
    alsoInTransaction?: ((trx: Transaction<Database>, result: ApplyResult) => Promise<void>) | undefined;
  },
): Promise<ApplyResult> {
  return retryTransaction(() =>
    db.transaction().execute(async (trx) => {
      if (input.snapshot) {
        await insertPaymentIfAbsent(
          trx,
          paymentFromSnapshot(input.snapshot, normalizeStatusFacts(input.snapshot), input.now),
        );
      }
      const payment = await lockPaymentByProviderId(trx, input.provider, input.providerPaymentId);
      if (!payment) throw new UnknownPaymentError(input.provider, input.providerPaymentId);

      const own = await ownFactsOf(trx, payment);
      let current = currentOf(payment);
      let decided: { event: ProviderStatusEvent; normalized: NormalizedStatus } | undefined;
      let applied = 0;
      let duplicates = 0;
      const ordered = [...input.events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      for (const event of ordered) {
        const normalized = normalizeStatusFacts(event, own);
        const isNew = await insertPaymentEventOnce(trx, {
          payment_id: payment.id,
          event_key: event.eventKey,
          source: event.source,
          status: normalized.status,
          provider_status: normalized.providerStatus,
          detailed_status: normalized.detailedStatus,
          phase: normalized.phase,
          failure_category: normalized.failureCategory,
          failure_codes: normalized.failureCodes,
          occurred_at: event.occurredAt,
          recorded_at: input.now,
          payload: JSON.stringify(event.payload ?? null),
        });
        if (!isNew) {
          duplicates += 1;
          continue;
        }
        applied += 1;
        const candidate = { status: normalized.status, at: event.occurredAt, eventKey: event.eventKey };
        if (shouldBecomeCurrent(current, candidate)) {
          current = { ...candidate, isManual: false };
          decided = { event, normalized };
        }
      }

      const status = current.status;
      const wantsCheck = input.checkSoon === true;
      const nextCheck = wantsCheck
        ? new Date(input.now.getTime() + 2000)
        : nextStatusCheckAt(
            {
              provider: input.provider,
              direction: payment.direction as Direction,
              status,
              checkAttempts: payment.check_attempts,
            },
            input.now,
          );
      const changes: Parameters<typeof updatePayment>[2] = input.checkedAt ? { last_checked_at: input.checkedAt } : {};
      if (decided) {
        const { event, normalized } = decided;
        Object.assign(changes, {
          status,
          provider_status: normalized.providerStatus,
          detailed_status: normalized.detailedStatus,
          // A Kashimi status without a detailed status says nothing of the phase: keep the last known.
          phase: normalized.phase ?? payment.phase,
          failure_category: normalized.failureCategory,
          failure_codes: normalized.failureCodes,
          status_at: event.occurredAt,
          status_event_key: event.eventKey,
          updated_at: input.now,
          completed_at: status === 'COMPLETED' ? (payment.completed_at ?? event.occurredAt) : payment.completed_at,
          manual_resolution: null,
          next_check_at: nextCheck,
          ...(status !== payment.status ? { check_attempts: 0 } : {}),
        });
      } else if (applied > 0 || wantsCheck || input.checkedAt) {
        Object.assign(changes, { next_check_at: nextCheck, ...(applied > 0 ? { updated_at: input.now } : {}) });
      }
      if (Object.keys(changes).length > 0) await updatePayment(trx, payment.id, changes);
      // A Kasha payout's decision and a pay-in's refund follow the status Kasha reports.
      if (decided) {
        const facts = { now: input.now, log: quietLog, requestId: `ingestion:${decided.event.eventKey}` };
        await followProviderStatus(trx, payment, decided.normalized.providerStatus, facts);
      }
      if (applied > 0) {
        const kind = decided ? 'status' : 'event';
        await notifyPaymentChange(trx, {
          paymentId: payment.id,
          provider: input.provider,
          direction: payment.direction,
          status,
          kind,
        });
      }
      const result = { paymentId: payment.id, applied, duplicates, status };
      await input.alsoInTransaction?.(trx, result);
      return result;
    }),
  );
}
