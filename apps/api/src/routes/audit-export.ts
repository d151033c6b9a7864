import { appendAudit, listAudit } from '@paydesk/db';
import { stringify } from 'csv-stringify';
import { Router } from 'express';
import type { ContextServices } from '../context.ts';
import { safeCsvCell } from '../http/csv.ts';
import { requireCapability, sessionOf } from '../http/session-middleware.ts';
import { auditFilterSchema, toAuditFilter } from '../routers/audit.ts';

const columns = ['occurred_at', 'actor_email', 'actor_role', 'action', 'target_type', 'target_id', 'outcome', 'before', 'after', 'details', 'ip', 'request_id'] as const;

/** GET /api/audit/export.csv: every matching row, newest first, streamed page by page. */
export function auditExportRoute(services: ContextServices): Router {
  const router = Router();
  router.get('/api/audit/export.csv', requireCapability('audit.read'), async (req, res, next) => {
    const parsed = auditFilterSchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    const filter = toAuditFilter(parsed.data, services.config.businessTimeZone);
    const user = sessionOf(res.locals).user!;
    await appendAudit(services.db, {
      actor: user,
      action: 'audit.export',
      outcome: 'success',
      details: parsed.data,
      ip: req.ip ?? null,
      requestId: String(req.id),
    });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="paydesk-audit-log.csv"');
    const csv = stringify({ header: true, columns: [...columns] });
    csv.pipe(res);
    try {
      let after: { occurredAt: string; id: number } | undefined;
      for (;;) {
        const rows = await listAudit(services.db, filter, { limit: 1000, after });
        for (const row of rows) {
          const record = Object.fromEntries(columns.map((column) => [column, safeCsvCell(row[column])]));
          // Respect back-pressure: wait when the client reads slower than we query.
          if (!csv.write(record)) await new Promise((resolve) => csv.once('drain', resolve));
        }
        const last = rows.at(-1);
        if (!last || rows.length < 1000) break;
        after = { occurredAt: last.cursor_time, id: last.id };
      }
      csv.end();
    } catch (error) {
      csv.destroy();
      next(error);
    }
  });
  return router;
}
