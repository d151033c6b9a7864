import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';

let database: TestDatabase;
let support: Awaited<ReturnType<typeof makeStaffUser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  support = await makeStaffUser(database.db, 'support');
});
afterAll(async () => database?.destroy());

const overview = () => createTestCaller({ db: database.db, businessTimeZone: 'Europe/Madrid' }, { user: support }).overview;

describe('the overview counts', () => {
  it('are empty before the first payment', async () => {
    expect(await overview().summary()).toEqual({ businessTimeZone: 'Europe/Madrid', byProviderAndStatus: [] });
  });

  it('count every payment by provider and current status, all time, as soon as a change commits', async () => {
    // Months apart, so they fall in different weeks (and hours and days) of the rollup.
    const old = await makePayment(database.db, { provider: 'kashimi', method: 'open_banking', status: 'PENDING', created_at: new Date('2025-03-02T23:30:00Z') });
    await makePayment(database.db, { provider: 'kashimi', method: 'open_banking', status: 'COMPLETED', created_at: new Date('2026-11-20T10:00:00Z') });
    await makePayment(database.db, { provider: 'kasha', direction: 'payout', status: 'FAILED', created_at: new Date('2026-06-01T00:10:00Z') });
    const gone = await makePayment(database.db, { provider: 'klavi', method: 'pix', currency: 'BRL', status: 'PENDING' });
    await makePayment(database.db, { provider: 'kasha', status: 'COMPLETED' });

    // No worker runs here: the summary applies the queued deltas itself.
    await database.db.updateTable('payments').set({ status: 'COMPLETED' }).where('id', '=', old.id).execute();
    await database.db.deleteFrom('payments').where('id', '=', gone.id).execute();

    expect(await overview().summary()).toEqual({
      businessTimeZone: 'Europe/Madrid',
      byProviderAndStatus: [
        { provider: 'kasha', status: 'COMPLETED', payments: 1 },
        { provider: 'kasha', status: 'FAILED', payments: 1 },
        { provider: 'kashimi', status: 'COMPLETED', payments: 2 },
      ],
    });
  });
});
