import { listAudit } from '@paydesk/db';
import { z } from 'zod';
import { procedureWith, router } from '../trpc.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  target: z.string().trim().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

const auditCursorSchema = z.object({ occurredAt: z.string(), id: z.number().int() });

export const auditRouter = router({
  list: procedureWith('audit.read')
    .input(auditFilterSchema.extend({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const after = input.cursor ? decodeCursor(input.cursor, auditCursorSchema) : undefined;
      const rows = await listAudit(ctx.db, input, { limit: input.limit + 1, after });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page.map(({ cursor_time: _cursor, ...row }) => row),
        nextCursor: rows.length > input.limit && last ? encodeCursor({ occurredAt: last.cursor_time, id: last.id }) : null,
      };
    }),
});
