import { listAudit, type AuditFilter } from '@paydesk/db';
import { isIsoDay, nextDay, startOfDayInZone } from '@paydesk/domain';
import { z } from 'zod';
import { procedureWith, router } from '../trpc.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  target: z.string().trim().max(100).optional(),
  /** Calendar days in the business time zone, both included. */
  from: z.string().refine(isIsoDay, 'from must be a day written YYYY-MM-DD').optional(),
  to: z.string().refine(isIsoDay, 'to must be a day written YYYY-MM-DD').optional(),
});

/** Turns the days staff picked into the instants the database compares. */
export function toAuditFilter(input: z.infer<typeof auditFilterSchema>, timeZone: string): AuditFilter {
  return {
    actor: input.actor,
    action: input.action,
    target: input.target,
    from: input.from ? startOfDayInZone(input.from, timeZone) : undefined,
    to: input.to ? startOfDayInZone(nextDay(input.to), timeZone) : undefined,
  };
}

const auditCursorSchema = z.object({ occurredAt: z.string(), id: z.number().int() });

export const auditRouter = router({
  list: procedureWith('audit.read')
    .input(auditFilterSchema.extend({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const after = input.cursor ? decodeCursor(input.cursor, auditCursorSchema) : undefined;
      const rows = await listAudit(ctx.db, toAuditFilter(input, ctx.config.businessTimeZone), { limit: input.limit + 1, after });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page.map(({ cursor_time: _cursor, ...row }) => row),
        nextCursor: rows.length > input.limit && last ? encodeCursor({ occurredAt: last.cursor_time, id: last.id }) : null,
      };
    }),
});
