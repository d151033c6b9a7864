import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, SavedViewsTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type SavedViewRow = Selectable<SavedViewsTable> & { owner_name: string; owner_email: string };

/** The user's own views and those colleagues shared, by name. */
export async function listSavedViews(db: Db, userId: string): Promise<SavedViewRow[]> {
  return db
    .selectFrom('saved_views')
    .innerJoin('staff_users', 'staff_users.id', 'saved_views.owner_id')
    .selectAll('saved_views')
    .select(['staff_users.name as owner_name', 'staff_users.email as owner_email'])
    .where((eb) => eb.or([eb('saved_views.owner_id', '=', userId), eb('saved_views.is_shared', '=', true)]))
    .orderBy('saved_views.name')
    .orderBy('saved_views.id')
    .execute();
}

/** Creates a view, or replaces the query of the owner's view of the same name. */
export async function upsertSavedView(db: Db, view: { ownerId: string; name: string; query: string }): Promise<Selectable<SavedViewsTable>> {
  return db
    .insertInto('saved_views')
    .values({ owner_id: view.ownerId, name: view.name, query: view.query })
    .onConflict((oc) => oc.columns(['owner_id', 'name']).doUpdateSet({ query: view.query }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Shares or unshares one of the owner's views; undefined when it is not theirs. */
export async function setSavedViewShared(db: Db, view: { id: string; ownerId: string; isShared: boolean }): Promise<Selectable<SavedViewsTable> | undefined> {
  return db
    .updateTable('saved_views')
    .set({ is_shared: view.isShared })
    .where('id', '=', view.id)
    .where('owner_id', '=', view.ownerId)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes one of the owner's views; undefined when it is not theirs. */
export async function deleteSavedView(db: Db, view: { id: string; ownerId: string }): Promise<Selectable<SavedViewsTable> | undefined> {
  return db.deleteFrom('saved_views').where('id', '=', view.id).where('owner_id', '=', view.ownerId).returningAll().executeTakeFirst();
}
