import type { PaydeskDatabase } from '@paydesk/db';
import { deepListCursors, sampleReferences, type ReadCase } from './reads.ts';

/**
 * The support desk's reads, drawn from the scale set: lookups by what customers quote,
 * filtered list pages, substring searches and details. Desk weights: most calls look up
 * what the customer quotes, and nearly every search is followed by the payment's detail;
 * substring search is the last resort when nothing exact is at hand (docs/benchmarks.md).
 */
export async function supportReadCases(database: PaydeskDatabase): Promise<ReadCase[]> {
  const samples = await sampleReferences(database, 500);
  const deepCursors = await deepListCursors(database, "provider = 'kasha' AND status = 'FAILED'", 50);
  const pick = <T>(i: number, of: (s: (typeof samples)[number]) => T) => of(samples[i % samples.length]!);
  const nameFragment = (name: string | null) => (name ?? 'silva').split(' ').at(-1)!.slice(0, 5).toLowerCase();
  return [
    { name: 'lookup by our id', isExact: true, deskWeight: 5, call: (i) => ({ path: 'payments.search', input: { q: pick(i, (s) => s.id) } }) },
    { name: 'lookup by provider payment id', isExact: true, deskWeight: 15, call: (i) => ({ path: 'payments.search', input: { q: pick(i, (s) => s.provider_payment_id) } }) },
    { name: 'lookup by merchant reference', isExact: true, deskWeight: 20, call: (i) => ({ path: 'payments.search', input: { q: pick(i, (s) => s.merchant_reference ?? s.provider_payment_id) } }) },
    { name: 'lookup by email', isExact: true, deskWeight: 15, call: (i) => ({ path: 'payments.search', input: { q: pick(i, (s) => s.customer_email ?? s.provider_payment_id) } }) },
    { name: 'list: Kasha failures, newest first, page 1', deskWeight: 8, call: () => ({ path: 'payments.search', input: { q: 'provider:kasha status:failed' } }) },
    {
      name: 'list: Kasha failures, a page 20–400 pages deep',
      deskWeight: 2,
      call: (i) => ({ path: 'payments.search', input: { q: 'provider:kasha status:failed', cursor: deepCursors[i % deepCursors.length] } }),
    },
    { name: 'name contains (5 letters)', isContains: true, deskWeight: 3, call: (i) => ({ path: 'payments.search', input: { q: `name:${pick(i, (s) => nameFragment(s.customer_name))}` } }) },
    {
      name: 'email contains (local part)',
      isContains: true,
      deskWeight: 2,
      call: (i) => ({ path: 'payments.search', input: { q: `email:${pick(i, (s) => (s.customer_email ?? 'maria').split('@')[0]!.slice(0, 6))}` } }),
    },
    { name: 'detail + timeline', isExact: true, deskWeight: 30, call: (i) => ({ path: 'payments.detail', input: { id: pick(i, (s) => s.id) } }) },
  ];
}
