import { appendAudit, countPaymentMatches, listPaymentPage, resolvePaymentSearch, type PaymentCursor } from '@paydesk/db';
import { fromMinorUnits, zoneOffsetMs } from '@paydesk/domain';
import { stringify } from 'csv-stringify';
import { Router } from 'express';
import type { ContextServices } from '../context.ts';
import { safeCsvCell } from '../http/csv.ts';
import { requireCapability, sessionOf } from '../http/session-middleware.ts';
import { presentExportRow, seesPersonalData } from '../routers/payments/present.ts';
import { COUNT_CAP, parseSearchOrExplain, paymentSearchSchema } from '../routers/payments/search-input.ts';

const PAGE_SIZE = 1000;

const columns = [
  'id',
  'created_at',
  'updated_at',
  'provider',
  'direction',
  'method',
  'status',
  'provider_status',
  'detailed_status',
  'phase',
  'failure_category',
  'failure_codes',
  'amount',
  'currency',
  'country',
  'bank_name',
  'provider_payment_id',
  'provider_reference',
  'merchant_reference',
  'payment_reference',
  'customer_name',
  'customer_email',
  'customer_phone',
  'customer_document',
  'card_bin',
  'card_last4',
  'manually_resolved',
] as const;

/** ISO 8601 in the business time zone with its offset, e.g. 2026-11-20T11:00:00.000+01:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  const offsetMs = zoneOffsetMs(instant, timeZone);
  const local = new Date(instant.getTime() + offsetMs).toISOString().slice(0, -1);
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(Math.round(offsetMs / 60_000));
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Waits until the CSV stream wants more, or the browser has gone (a drain would then never come). */
function drained(csv: NodeJS.EventEmitter, res: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      csv.off('drain', done);
      res.off('close', done);
      resolve();
    };
    csv.once('drain', done);
    res.once('close', done);
  });
}

/**
 * GET /api/payments/export.csv?q=…&sort=…: every matching payment (not one page), streamed
 * page by page in the list's order. Personal data is masked exactly as on screen for roles
 * without payments.readPersonalData; every cell is safe against spreadsheet formulas.
 * X-Matching-Rows tells the browser how many rows to expect, for its progress bar.
 */
export function paymentsExportRoute(services: ContextServices): Router {
  const router = Router();
  router.get('/api/payments/export.csv', requireCapability('payments.export'), async (req, res, next) => {
    const input = paymentSearchSchema.safeParse(req.query);
    if (!input.success) {
      res.status(400).json({ error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    const parsed = parseSearchOrExplain(input.data.q);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.message });
      return;
    }
    const user = sessionOf(res.locals).user!;
    const zone = services.config.businessTimeZone;
    const showPersonal = seesPersonalData(user.role);
    let isClosed = false;
    res.on('close', () => {
      isClosed = true;
    });
    try {
      const resolved = await resolvePaymentSearch(services.db, { query: parsed.query, now: services.clock.now(), timeZone: zone });
      const expected = await countPaymentMatches(services.db, resolved, COUNT_CAP);
      await appendAudit(services.db, {
        actor: user,
        action: 'payments.export',
        outcome: 'success',
        details: { q: input.data.q, sort: input.data.sort, expectedRows: expected.isCapped ? `${expected.count}+` : expected.count, masked: !showPersonal },
        ip: req.ip ?? null,
        requestId: String(req.id),
      });
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="paydesk-payments.csv"');
      res.setHeader('X-Matching-Rows', String(expected.count));
      res.setHeader('X-Matching-Rows-Capped', String(expected.isCapped));
      res.setHeader('X-Time-Zone', zone);
      // The byte-order mark makes spreadsheet programs read the file as UTF-8 (names with accents).
      const csv = stringify({ header: true, columns: [...columns], bom: true });
      csv.pipe(res);
      let after: PaymentCursor | undefined;
      for (;;) {
        const rows = await listPaymentPage(services.db, resolved, { shape: 'export', sort: input.data.sort, after, limit: PAGE_SIZE });
        for (const row of rows) {
          const shown = presentExportRow(row, showPersonal);
          const record: Record<(typeof columns)[number], unknown> = {
            id: shown.id,
            created_at: isoInZone(row.created_at, zone),
            updated_at: isoInZone(row.updated_at, zone),
            provider: shown.provider,
            direction: shown.direction,
            method: shown.method,
            status: shown.status,
            provider_status: shown.providerStatus,
            detailed_status: shown.detailedStatus,
            phase: shown.phase,
            failure_category: shown.failureCategory,
            failure_codes: shown.failureCodes.join(' '),
            // A decimal in the currency's units, exact: never a float.
            amount: fromMinorUnits(shown.amountMinor, shown.currency),
            currency: shown.currency,
            country: shown.country,
            bank_name: shown.bankName,
            provider_payment_id: shown.providerPaymentId,
            provider_reference: shown.providerReference,
            merchant_reference: shown.merchantReference,
            payment_reference: shown.paymentReference,
            customer_name: shown.customer.name,
            customer_email: shown.customer.email,
            customer_phone: shown.customer.phone,
            customer_document: shown.customer.document,
            card_bin: shown.cardBin,
            card_last4: shown.cardLast4,
            manually_resolved: shown.isManuallyResolved ? 'yes' : 'no',
          };
          const safe = Object.fromEntries(columns.map((column) => [column, safeCsvCell(record[column])]));
          // Respect back-pressure: wait when the client reads slower than we query.
          if (!csv.write(safe)) await drained(csv, res);
          if (isClosed) break;
        }
        const last = rows.at(-1);
        // The browser went away: stop querying for nobody.
        if (isClosed || !last || rows.length < PAGE_SIZE) break;
        after = { key: last.cursor_key, id: last.id };
      }
      csv.end();
    } catch (error) {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else next(error);
    }
  });
  return router;
}
