import { makePayment } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './browser.ts';
import { dialogAxeViolations, startFinanceApp } from './finance-app.ts';

let app: Awaited<ReturnType<typeof startFinanceApp>>;
beforeAll(async () => {
  app = await startFinanceApp();
});
afterAll(async () => app?.close());

describe('refunds by reference in a browser', () => {
  it('lets a support agent refund a Kasha payment by its reference, once, and see it on the payment’s timeline', async () => {
    const payin = await app.makeCompletedPayin(130.25);
    const { page, errors } = await app.signedInPage('/refunds/new', 'support@paydesk.test');
    await page.getByRole('heading', { name: 'Refund by reference' }).waitFor();
    await page.getByRole('textbox', { name: 'Merchant reference' }).fill(payin.reference);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.waitForURL(/reference=/);

    const summary = page.getByRole('region', { name: 'The payment to refund' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('R$130.25');
    expect(await summary.innerText()).toContain('Rafael Lima');
    await page.getByText('This payment can be refunded.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    const refundButton = page.getByRole('button', { name: 'Refund R$130.25…' });
    expect(await refundButton.isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Why is the money going back?' }).fill('Order cancelled before shipping');
    await refundButton.click();
    const dialog = page.getByRole('dialog', { name: 'Refund R$130.25 to Rafael Lima?' });
    await dialog.getByText('A refund cannot be undone.').waitFor();
    expect(await dialogAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Refund R$130.25' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The outcome arrives by itself; the refund button is gone for good.
    const outcome = page.getByRole('status').filter({ hasText: 'Refund' });
    await outcome.getByText('Refunded', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: /^Refund R\$/ }).count()).toBe(0);
    expect(app.sandbox.effects.count({ kind: 'refund', merchantReference: payin.reference })).toBe(1);
    await page.reload();
    await page.getByText('Reason given: “Order cancelled before shipping”').waitFor();
    expect(await page.getByRole('button', { name: /^Refund R\$/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'See it on the payment’s timeline' }).click();
    await page.waitForURL(`**/payments/${payin.id}`);
    const timeline = page.getByRole('table', { name: 'Status events' });
    await timeline.waitFor();
    expect(await timeline.innerText()).toContain('Refunded');
    // The payment's own page no longer offers a refund either.
    expect(await page.getByRole('link', { name: 'Refund', exact: true }).count()).toBe(0);

    await page.goto(`${app.url}/refunds`);
    const listed = page.getByRole('table', { name: 'Refunds' }).getByRole('row').filter({ hasText: payin.reference });
    await listed.waitFor();
    expect(await listed.innerText()).toContain('Sam Support');
    expect(await listed.innerText()).toContain('Order cancelled before shipping');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is reached from the payment’s page, which links to the refund with the reference filled in', async () => {
    const payin = await app.makeCompletedPayin(42);
    const { page, errors } = await app.signedInPage(`/payments/${payin.id}`, 'finance@paydesk.test');
    await page.getByRole('link', { name: 'Refund', exact: true }).click();
    await page.waitForURL(/\/refunds\/new\?reference=/);
    await page.getByText('This payment can be refunded.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Merchant reference' }).inputValue()).toBe(payin.reference);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains that a Kashimi payment has no refund and what to do instead', async () => {
    await makePayment(app.database.db, { provider: 'kashimi', method: 'open_banking', merchant_reference: 'ORD-E2E-KASHIMI-9', currency: 'EUR', amount_minor: 4_990 });
    const { page, errors } = await app.signedInPage('/refunds/new?reference=ORD-E2E-KASHIMI-9', 'support@paydesk.test');
    await page.getByText('Kashimi payments cannot be refunded through Paydesk.').waitFor();
    await page.getByText(/SEPA credit transfer/).waitFor();
    expect(await page.getByRole('button', { name: /^Refund / }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
