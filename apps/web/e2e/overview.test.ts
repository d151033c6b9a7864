import { countUncertainPayments, notifyPaymentChange } from '@paydesk/db';
import { makePayment } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApp } from './app.ts';
import { collectPageErrors, seriousAxeViolations } from './browser.ts';

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

describe('the app in a browser', () => {
  it('loads the overview with the business time zone and no accessibility problems', async () => {
    const page = await app.browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(app.url);
    await signIn(page, 'support@paydesk.test');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Times in Europe/Madrid').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('counts payments by provider and status, and a count opens the search listing exactly those payments', async () => {
    const seeded = [
      { provider: 'kasha', status: 'FAILED', merchant_reference: 'ORD-E2E-OVERVIEW-1' },
      { provider: 'kasha', status: 'FAILED', merchant_reference: 'ORD-E2E-OVERVIEW-2' },
      { provider: 'kasha', status: 'COMPLETED', merchant_reference: 'ORD-E2E-OVERVIEW-3' },
      { provider: 'klavi', status: 'PENDING', merchant_reference: 'ORD-E2E-OVERVIEW-4', method: 'pix', currency: 'BRL' },
    ] as const;
    for (const overrides of seeded) {
      await app.database.db.transaction().execute(async (trx) => {
        const payment = await makePayment(trx, overrides);
        await notifyPaymentChange(trx, { paymentId: payment.id, provider: payment.provider, direction: payment.direction, status: payment.status, kind: 'created' });
      });
    }
    const page = await app.browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(app.url);
    // The browser may still be signed in from the test above.
    await page.getByRole('heading', { name: 'Overview' }).or(page.getByLabel('Email')).waitFor();
    if (await page.getByLabel('Email').isVisible()) await signIn(page, 'support@paydesk.test');
    const matrix = page.getByRole('table', { name: 'Payments by provider and status' });
    await matrix.waitFor();
    expect(await matrix.getByRole('row', { name: /^Kasha/ }).getByRole('cell').allInnerTexts()).toEqual(['0', '1', '2', '0', '0', '3']);
    expect(await matrix.getByRole('row', { name: /^Klavi/ }).getByRole('cell').allInnerTexts()).toEqual(['1', '0', '0', '0', '0', '1']);
    expect(await matrix.getByRole('row', { name: /^All providers/ }).getByRole('cell').allInnerTexts()).toEqual(['1', '1', '2', '0', '0', '4']);
    // What needs people: support works the uncertain queue; payouts are finance's.
    const uncertain = await countUncertainPayments(app.database.db, { now: app.clock.now(), filter: {}, cap: 1000 });
    const uncertainCard = page.getByRole('region', { name: 'Uncertain outcome' });
    await uncertainCard.getByText(String(uncertain.count), { exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Payouts awaiting a decision' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await matrix.getByRole('link', { name: 'Kasha, Failed: 2 payments' }).click();
    await page.waitForURL(/\/payments\?q=provider%3Akasha\+status%3Afailed$/);
    await page.getByRole('status').filter({ hasText: /^2 payments$/ }).waitFor();
    const found = page.getByRole('table', { name: 'Payments found' });
    await found.getByRole('row', { name: 'Payment ORD-E2E-OVERVIEW-2' }).waitFor();
    expect(await found.getByRole('row', { name: 'Payment ORD-E2E-OVERVIEW-1' }).count()).toBe(1);
    expect(await found.getByRole('row', { name: 'Payment ORD-E2E-OVERVIEW-3' }).count()).toBe(0);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });

  it('shows a not-found page for an unknown address', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(`${app.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
