import { deleteSavedView, listSavedViews, setSavedViewShared, upsertSavedView } from '@paydesk/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith, router } from '../trpc.ts';

// Saved payment searches. A view is the list's URL query (search text, sort), so opening
// one is navigating to it. Everyone who finds payments can keep views of their own;
// sharing them with the team is its own capability.

const viewQuerySchema = z
  .string()
  .max(2000)
  .refine((query) => !query.startsWith('?') && !/[\n\r]/.test(query), 'A view is a URL query string without the leading ?');

export const savedViewsRouter = router({
  list: procedureWith('payments.read').query(async ({ ctx }) => {
    const views = await listSavedViews(ctx.db, ctx.user.id);
    return views.map((view) => ({
      id: view.id,
      name: view.name,
      query: view.query,
      isShared: view.is_shared,
      isMine: view.owner_id === ctx.user.id,
      ownerName: view.owner_name,
      createdAt: view.created_at,
    }));
  }),

  /** Saves the current search under a name; saving again under the same name replaces it. */
  save: procedureWith('payments.read')
    .input(z.object({ name: z.string().trim().min(1, 'Give the view a name').max(100), query: viewQuerySchema }))
    .mutation(async ({ ctx, input }) => {
      const view = await upsertSavedView(ctx.db, { ownerId: ctx.user.id, name: input.name, query: input.query });
      ctx.audit.action = 'saved_views.save';
      ctx.audit.target = { type: 'saved_view', id: view.id };
      ctx.audit.after = { name: view.name, query: view.query };
      return { id: view.id };
    }),

  setShared: procedureWith('views.share')
    .input(z.object({ id: z.string().uuid(), isShared: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.action = input.isShared ? 'saved_views.share' : 'saved_views.unshare';
      ctx.audit.target = { type: 'saved_view', id: input.id };
      const view = await setSavedViewShared(ctx.db, { id: input.id, ownerId: ctx.user.id, isShared: input.isShared });
      if (!view) throw new TRPCError({ code: 'NOT_FOUND', message: 'You have no saved view with this id.' });
      return { id: view.id, isShared: view.is_shared };
    }),

  delete: procedureWith('payments.read')
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.action = 'saved_views.delete';
      ctx.audit.target = { type: 'saved_view', id: input.id };
      const view = await deleteSavedView(ctx.db, { id: input.id, ownerId: ctx.user.id });
      if (!view) throw new TRPCError({ code: 'NOT_FOUND', message: 'You have no saved view with this id.' });
      ctx.audit.before = { name: view.name, query: view.query, isShared: view.is_shared };
      return { id: view.id };
    }),
});
