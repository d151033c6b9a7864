import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './browser.ts';
import { dialogAxeViolations, startFinanceApp } from './finance-app.ts';

let app: Awaited<ReturnType<typeof startFinanceApp>>;
beforeAll(async () => {
  app = await startFinanceApp();
});
afterAll(async () => app?.close());

/** Waits until the sandbox applied `count` decisions to this payout (the outbox worker sends them). */
async function kashaEffects(transactionId: string, count: number): Promise<string[]> {
  return app.until(`${count} effect(s) at Kasha`, async () => {
    const effects = app.sandbox.effects.list({ transactionId });
    return effects.length >= count ? effects.map((e) => e.kind) : undefined;
  });
}

describe('the payout queue in a browser', () => {
  it('lets a finance user approve a payout after a confirmation, and the payout leaves the queue', async () => {
    const payout = await app.makePayout(250);
    const { page, errors } = await app.signedInPage('/payouts', 'finance@paydesk.test');
    await page.getByRole('heading', { name: 'Payouts' }).waitFor();
    const row = page.getByRole('row', { name: `Payout ${payout.reference}` });
    await row.waitFor();
    expect(await row.innerText()).toContain('R$250.00');
    expect(await row.innerText()).toContain('0 of 1');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('checkbox', { name: `Select payout ${payout.reference}` }).check();
    await page.getByRole('region', { name: 'Selected payouts' }).getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve payouts' });
    await dialog.getByText('Approve 1 payout').waitFor();
    expect(await dialog.getByRole('list', { name: 'Total per currency' }).innerText()).toContain('R$250.00 in 1 payout');
    expect(await dialogAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Approve 1' }).click();

    await dialog.getByRole('table', { name: 'Result per payout' }).waitFor();
    expect(await dialog.getByRole('table', { name: 'Result per payout' }).innerText()).toContain(payout.reference);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText('1 approved and sent to Kasha').waitFor();
    await row.waitFor({ state: 'detached' });

    expect(await kashaEffects(payout.transactionId, 1)).toEqual(['payout.approve']);
    // Decided payouts are listed with who decided and what Kasha answered.
    await page.getByRole('tab', { name: 'History' }).click();
    const decided = page.getByRole('table', { name: 'Decided payouts' }).getByRole('row').filter({ hasText: payout.reference });
    await decided.waitFor();
    await app.until('Kasha’s answer in the history', async () => (await decided.innerText()).includes('PROCESSING'));
    expect(await decided.innerText()).toContain('Fran Finance');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('needs a second, different finance user above the limit; the payout then leaves the first user’s queue by itself', async () => {
    const payout = await app.makePayout(7_000);
    const first = await app.signedInPage('/payouts', 'finance@paydesk.test');
    const row = first.page.getByRole('row', { name: `Payout ${payout.reference}` });
    await row.waitFor();
    expect(await row.innerText()).toContain('0 of 2');
    await first.page.getByRole('checkbox', { name: `Select payout ${payout.reference}` }).check();
    await first.page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = first.page.getByRole('dialog', { name: 'Approve payouts' });
    await dialog.getByText('need two approvals').waitFor();
    await dialog.getByRole('button', { name: 'Approve 1' }).click();
    await dialog.getByText('Approval recorded (1 of 2)').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await row.getByText('1 of 2 · you approved').waitFor();
    expect(app.sandbox.effects.count({ transactionId: payout.transactionId })).toBe(0);

    // The same person cannot give the second approval.
    await first.page.getByRole('checkbox', { name: `Select payout ${payout.reference}` }).check();
    await first.page.getByRole('button', { name: 'Approve…' }).click();
    await dialog.getByText('You approved it already').waitFor();
    expect(await dialog.getByRole('button', { name: 'Approve 0' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A colleague, in a browser of her own, gives the second approval.
    const second = await app.signedInPage('/payouts?stage=second', 'finance2@paydesk.test', { isSecondPerson: true });
    const theirs = second.page.getByRole('row', { name: `Payout ${payout.reference}` });
    await theirs.waitFor();
    expect(await theirs.innerText()).toContain('1 of 2');
    await second.page.getByRole('checkbox', { name: `Select payout ${payout.reference}` }).check();
    await second.page.getByRole('button', { name: 'Approve…' }).click();
    const theirDialog = second.page.getByRole('dialog', { name: 'Approve payouts' });
    await theirDialog.getByRole('button', { name: 'Approve 1' }).click();
    await theirDialog.getByText('1 approved and queued for Kasha').waitFor();

    // The first user's open queue drops it without a reload (live updates).
    await row.waitFor({ state: 'detached' });
    expect(await kashaEffects(payout.transactionId, 1)).toEqual(['payout.approve']);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.page.close();
    await second.page.close();
  });

  it('asks for a reason before declining, and a support agent has no payout queue at all', async () => {
    const payout = await app.makePayout(90);
    const { page, errors } = await app.signedInPage('/payouts', 'finance@paydesk.test');
    await page.getByRole('checkbox', { name: `Select payout ${payout.reference}` }).check();
    await page.getByRole('button', { name: 'Decline…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Decline payouts' });
    const confirm = dialog.getByRole('button', { name: 'Decline 1' });
    await confirm.waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reason for declining' }).fill('Beneficiary name does not match the account');
    await confirm.click();
    await dialog.getByText('1 declined and queued for Kasha').waitFor();
    expect(await kashaEffects(payout.transactionId, 1)).toEqual(['payout.decline']);
    expect(errors).toEqual([]);
    await page.close();

    const support = await app.signedInPage('/payouts', 'support@paydesk.test');
    await support.page.getByRole('heading', { name: /not allowed|Forbidden|403/i }).waitFor();
    expect(await support.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).count()).toBe(0);
    await support.page.close();
  });
});
