import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithSandboxes, startSandboxWorld, type SandboxWorld } from './support/sandbox-harness.ts';

let world: SandboxWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function duplicateEvents(world: SandboxWorld): Promise<number> {
  // The same provider status stored twice under two keys would show as two rows with equal
  // payment, provider status, detailed status and time.
  const result = await sql<{ n: number }>`
    SELECT count(*) AS n FROM (
      SELECT payment_id, provider_status, detailed_status, occurred_at FROM payment_events
      GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) AS twice`.execute(world.database.db);
  return Number(result.rows[0]!.n);
}

describe('payments driven through the provider sandboxes', () => {
  it('end in Paydesk exactly as the sandboxes hold them, every Kashimi step once', { timeout: 600_000 }, async () => {
    world = await startSandboxWorld({ seed: 11 });
    await world.createPayments(2500);
    await world.advance(3600_000, 30_000);
    const { compared, mismatches } = await compareWithSandboxes(world.database.db, world.runtime);
    expect(compared).toBeGreaterThan(2250);
    expect(mismatches).toEqual([]);
    expect(await duplicateEvents(world)).toBe(0);
  });

  it('still end exactly right when 30 % of calls and deliveries fail, repeat or arrive out of order', { timeout: 600_000 }, async () => {
    world = await startSandboxWorld({
      seed: 12,
      faults: {
        errorRate5xx: 0.08,
        rate429: 0.05,
        timeoutRate: 0.04,
        dropConnectionRate: 0.03,
        duplicateDeliveryRate: 0.05,
        outOfOrderRate: 0.03,
        badSignatureRate: 0.02,
        retryAfterSeconds: 0,
      },
    });
    await world.createPayments(1500);
    await world.advance(2 * 3600_000, 30_000);
    const rejected = await world.database.db.selectFrom('webhook_inbox').select('reject_reason').where('state', '=', 'rejected').execute();
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((row) => row.reject_reason?.startsWith('signature:'))).toBe(true);
    const { compared, mismatches } = await compareWithSandboxes(world.database.db, world.runtime);
    expect(compared).toBeGreaterThan(1350);
    expect(mismatches).toEqual([]);
    expect(await duplicateEvents(world)).toBe(0);
  });
});
