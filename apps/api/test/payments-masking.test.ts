import { createTestDatabase, makePayment, makePaymentEvent, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { ROLES, type Role } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/context.ts';
import { createTestCaller, manualClock } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';

// Customer personal data is masked by the server for roles without
// payments.readPersonalData (managers), in every answer that carries it.

let database: TestDatabase;
let payment: PaymentRow;
const clock = manualClock(new Date('2026-11-20T12:00:00Z'));
const users = new Map<Role, SessionUser>();

const plain = { name: 'Maria José Souza', email: 'maria.souza@example.com', phone: '+5511987654321', document: '12345678909' };
const maskedValues = { name: 'M. J. S.', email: 'm•••@example.com', phone: '•••4321', document: '•••909' };

beforeAll(async () => {
  database = await createTestDatabase();
  for (const role of ROLES) users.set(role, await makeStaffUser(database.db, role));
  payment = await makePayment(database.db, {
    provider: 'klavi',
    method: 'pix',
    status: 'UNKNOWN',
    provider_status: 'CONSENT_AUTHORIED',
    merchant_reference: 'ORD-MASK-0001',
    customer_name: plain.name,
    customer_email: plain.email,
    customer_phone: plain.phone,
    customer_document: plain.document,
    status_at: new Date('2026-11-20T11:00:00Z'),
  });
  await makePaymentEvent(database.db, payment, { source: 'poll', payload: { id: 'kl-1', payer: { name: plain.name, document: plain.document } } });
});
afterAll(async () => database?.destroy());

const as = (role: Role) => createTestCaller({ db: database.db, clock }, { user: users.get(role)! });
const expectedFor = (role: Role) => (role === 'manager' ? { ...maskedValues, isMasked: true } : { ...plain, isMasked: false });

describe('personal data by role', () => {
  for (const role of ROLES) {
    it(`${role} sees customer data ${role === 'manager' ? 'masked' : 'in full'} in search, detail and the uncertain queue`, async () => {
      const search = await as(role).payments.search({ q: 'ORD-MASK-0001' });
      // The results table shows name and email; phone and document are the detail's.
      const { name, email, isMasked } = expectedFor(role);
      expect(search.rows[0]!.customer).toEqual({ name, email, isMasked });
      const detail = await as(role).payments.detail({ id: payment.id });
      expect(detail.payment.customer).toEqual(expectedFor(role));
      const queue = await as(role).payments.uncertain({ limit: 100 });
      const row = queue.rows.find((r) => r.id === payment.id);
      expect(row).toBeDefined();
      // The queue never carries customer data at all.
      expect(JSON.stringify(row)).not.toContain('Souza');
    });
  }

  it('a manager who searches by a customer’s email gets the payment back with the email masked', async () => {
    // Managers may look payments up; what comes back never shows who the customer is.
    const search = await as('manager').payments.search({ q: plain.email });
    expect(search.rows.map((r) => r.id)).toEqual([payment.id]);
    expect(JSON.stringify(search.rows)).not.toContain(plain.email);
    expect(JSON.stringify(search.rows)).not.toContain('Souza');
  });
});

describe('raw provider payloads', () => {
  it('are given only to roles allowed to read them', async () => {
    const payloads = await as('admin').payments.rawPayloads({ id: payment.id });
    expect(payloads).toEqual([expect.objectContaining({ source: 'poll', payload: { id: 'kl-1', payer: { name: plain.name, document: plain.document } } })]);
    for (const role of ['support', 'finance', 'manager'] as const) {
      await expect(as(role).payments.rawPayloads({ id: payment.id })).rejects.toSatisfy((error) => error instanceof TRPCError && error.code === 'FORBIDDEN');
    }
  });

  it('never appear in the detail answer', async () => {
    const detail = await as('admin').payments.detail({ id: payment.id });
    expect(JSON.stringify(detail)).not.toContain('kl-1');
  });
});
