import { readFileSync } from 'node:fs';
import { notifyPaymentChange } from '@paydesk/db';
import { makePayment, makePaymentEvent, type PaymentRow } from '@paydesk/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApp } from './app.ts';
import { collectPageErrors, seriousAxeViolations, textContrast } from './browser.ts';

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp({ now: new Date('2026-11-20T12:00:00Z') });
});
afterAll(async () => app?.close());

const minutesAgo = (minutes: number) => new Date(new Date('2026-11-20T12:00:00Z').getTime() - minutes * 60_000);

async function signedInPage(path: string, email = 'support@paydesk.test'): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.context.browser()?.newContext();
  const page = context ? await context.newPage() : await app.browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}${path}`);
  await signIn(page, email);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { page, errors };
}

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Search payments' });
  await box.fill(text);
  await box.press('Enter');
}

/** A Kashimi payment that failed at payment approval because the payer did not approve it. */
async function failedKashimiPayment(reference: string): Promise<PaymentRow> {
  const payment = await makePayment(app.database.db, {
    provider: 'kashimi',
    method: 'open_banking',
    merchant_reference: reference,
    amount_minor: 12_550,
    currency: 'EUR',
    country: 'DE',
    bank_name: 'Sparkasse Köln',
    status: 'FAILED',
    provider_status: 'FAILED',
    detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
    phase: 6,
    failure_category: 'consent_denied',
    failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    created_at: minutesAgo(30),
    status_at: minutesAgo(25),
  });
  await makePaymentEvent(app.database.db, payment, {
    source: 'webhook',
    status: 'PENDING',
    provider_status: 'PENDING',
    detailed_status: 'SENDER_AUTHORIZATION_REDIRECT_PENDING',
    phase: 3,
    occurred_at: minutesAgo(30),
  });
  await makePaymentEvent(app.database.db, payment, {
    source: 'archive',
    status: 'PENDING',
    provider_status: 'PENDING',
    detailed_status: 'PAYMENT_CONSENT_REDIRECT_PENDING',
    phase: 6,
    occurred_at: minutesAgo(28),
  });
  await makePaymentEvent(app.database.db, payment, {
    source: 'webhook',
    status: 'FAILED',
    provider_status: 'FAILED',
    detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
    phase: 6,
    failure_category: 'consent_denied',
    failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    occurred_at: minutesAgo(25),
  });
  return payment;
}

describe('the support workspace in a browser', () => {
  it('lets a support agent find a failed Kashimi payment by its merchant reference and read the failing phase and reason', async () => {
    const payment = await failedKashimiPayment('ORD-E2E-KSH-0042');
    const { page, errors } = await signedInPage('/payments');
    await page.getByRole('heading', { name: 'Payments' }).waitFor();
    await search(page, 'ORD-E2E-KSH-0042');

    // An exact reference opens the payment straight away.
    await page.waitForURL(`**/payments/${payment.id}`);
    await page.getByRole('heading', { level: 1, name: /125\.50/ }).waitFor();
    const failedPhase = page.getByRole('listitem', { name: '6. Payment approval: Failed here' });
    await failedPhase.waitFor();
    expect(await page.getByRole('listitem', { name: '3. Bank login: Done' }).count()).toBe(1);
    expect(await page.getByRole('listitem', { name: '7. Payment execution: Not reached' }).count()).toBe(1);
    const why = page.getByRole('alert').filter({ hasText: 'Why it failed' });
    expect(await why.innerText()).toContain('Consent refused (at 6. Payment approval)');
    expect(await why.innerText()).toContain('PAYMENT_CONSENT_NOT_GRANTED');
    expect(await why.innerText()).toContain('The payer did not approve the payment.');
    expect(await page.getByRole('table', { name: 'Status events' }).getByRole('row').count()).toBe(4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds a payment by the customer’s email and opens it from the keyboard', async () => {
    const payment = await makePayment(app.database.db, {
      provider: 'klavi',
      method: 'pix',
      currency: 'BRL',
      amount_minor: 133_300,
      merchant_reference: 'ORD-E2E-KLV-0007',
      customer_name: 'Beatriz Conceição',
      customer_email: 'beatriz.conceicao@correio.example',
    });
    const { page, errors } = await signedInPage('/payments');
    await search(page, 'Beatriz.Conceicao@correio.example');
    await page.waitForURL(/q=Beatriz/);
    await page.getByRole('status').filter({ hasText: /^1 payment$/ }).waitFor();
    const row = page.getByRole('row', { name: 'Payment ORD-E2E-KLV-0007' });
    await row.waitFor();
    expect(await page.getByRole('table', { name: 'Payments found' }).getByRole('row').count()).toBe(2);
    expect(await row.innerText()).toContain('Beatriz Conceição');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/payments/${payment.id}`);
    await page.getByRole('heading', { level: 1, name: /1,333\.00|1\.333,00/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reopens a shared link to a filtered, sorted view exactly as it was', async () => {
    const tag = { country: 'PE', currency: 'PEN' };
    const small = await makePayment(app.database.db, { ...tag, provider: 'kasha', status: 'FAILED', provider_status: 'DECLINED', amount_minor: 1_000, merchant_reference: 'ORD-E2E-SHARE-1' });
    const large = await makePayment(app.database.db, { ...tag, provider: 'kasha', status: 'FAILED', provider_status: 'DECLINED', amount_minor: 9_000, merchant_reference: 'ORD-E2E-SHARE-2' });
    await makePayment(app.database.db, { ...tag, provider: 'kasha', status: 'COMPLETED', merchant_reference: 'ORD-E2E-SHARE-3' });
    await makePayment(app.database.db, { ...tag, provider: 'klavi', method: 'pix', status: 'FAILED', merchant_reference: 'ORD-E2E-SHARE-4' });

    const { page } = await signedInPage('/payments');
    await search(page, 'country:PE');
    await page.waitForURL(/q=country%3APE/);
    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'Kasha' }).click();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.waitForURL(/status%3Afailed/);
    await page.getByRole('button', { name: 'Amount' }).click();
    await page.waitForURL(/sort=amount_desc/);
    const table = page.getByRole('table', { name: 'Payments found' });
    await table.getByRole('row', { name: 'Payment ORD-E2E-SHARE-2' }).waitFor();
    const rowsBefore = await table.getByRole('row').allInnerTexts();
    expect(rowsBefore).toHaveLength(3);
    expect(rowsBefore[1]).toContain(large.merchant_reference!);
    expect(rowsBefore[2]).toContain(small.merchant_reference!);
    const sharedUrl = page.url();

    // A colleague opens the link in a browser of their own.
    const { page: colleague, errors } = await signedInPage(new URL(sharedUrl).pathname + new URL(sharedUrl).search, 'finance@paydesk.test');
    await colleague.waitForURL(sharedUrl);
    const theirTable = colleague.getByRole('table', { name: 'Payments found' });
    await theirTable.getByRole('row', { name: 'Payment ORD-E2E-SHARE-2' }).waitFor();
    const rowsAfter = await theirTable.getByRole('row').allInnerTexts();
    expect(rowsAfter).toEqual(rowsBefore);
    expect(await colleague.getByRole('textbox', { name: 'Search payments' }).inputValue()).toBe('country:PE provider:kasha status:failed');
    expect(await colleague.getByRole('group', { name: 'Active filters' }).innerText()).toContain('Provider is Kasha');
    expect(await colleague.getByRole('combobox', { name: 'Status' }).innerText()).toContain('Failed');
    expect(await seriousAxeViolations(colleague)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
    await colleague.context().close();
  });

  it('narrows a search with more filters and exports exactly those payments as CSV', async () => {
    const tag = { country: 'UY', currency: 'UYU' };
    await makePayment(app.database.db, { ...tag, amount_minor: 500, merchant_reference: 'ORD-E2E-UY-1' });
    await makePayment(app.database.db, { ...tag, amount_minor: 2_000, merchant_reference: 'ORD-E2E-UY-2', customer_name: 'Lucía Pérez' });
    await makePayment(app.database.db, { ...tag, amount_minor: 9_000, merchant_reference: 'ORD-E2E-UY-3' });
    const { page, errors } = await signedInPage('/payments');
    await page.getByRole('button', { name: 'More filters' }).click();
    const form = page.getByRole('dialog', { name: 'More filters' });
    await form.getByRole('textbox', { name: 'Currency' }).fill('uyu');
    await form.getByRole('textbox', { name: 'Amount from' }).fill('10');
    await form.getByRole('textbox', { name: 'Amount to' }).fill('50');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/currency%3Auyu\+amount%3A10\.\.50/);
    await page.getByRole('status').filter({ hasText: /^1 payment$/ }).waitFor();
    await page.getByRole('row', { name: 'Payment ORD-E2E-UY-2' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = readFileSync((await (await download).path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.toString('utf8').slice(1).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('ORD-E2E-UY-2');
    expect(lines[1]).toContain('Lucía Pérez');
    await page.getByText('Exported 1 row').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows bad search syntax as an inline message instead of an empty list', async () => {
    const { page } = await signedInPage('/payments');
    await search(page, 'status:lost');
    const message = page.getByRole('alert').filter({ hasText: 'status:lost is not known' });
    await message.waitFor();
    expect(page.url()).not.toContain('q=');
    await page.context().close();
  });

  it('keeps the search box focused after a search, so the agent can refine it straight away', async () => {
    const { page } = await signedInPage('/payments');
    await search(page, 'provider:kashimi status:failed');
    await page.waitForURL(/q=provider/);
    await page.getByRole('table', { name: 'Payments found' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Search payments' });
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    // Typing goes on where it left off, without a click back into the box.
    await page.keyboard.type(' -country:ES');
    expect(await box.inputValue()).toBe('provider:kashimi status:failed -country:ES');
    await page.context().close();
  });

  it('says a payment address names no payment, and leads back to search', async () => {
    const { page } = await signedInPage('/payments/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { name: 'Payment not found' }).waitFor();
    await page.getByRole('link', { name: 'Search payments' }).click();
    await page.getByRole('textbox', { name: 'Search payments' }).waitFor();
    await page.goto(`${app.url}/payments/not-a-payment`);
    await page.getByText('is not a payment id').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('updates a payment’s detail page by itself as its events arrive', async () => {
    const payment = await makePayment(app.database.db, {
      provider: 'kashimi',
      method: 'open_banking',
      merchant_reference: 'ORD-E2E-LIVE-0001',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'SENDER_AUTHORIZATION_REDIRECT_PENDING',
      phase: 3,
      completed_at: null,
      created_at: minutesAgo(2),
      status_at: minutesAgo(2),
    });
    await makePaymentEvent(app.database.db, payment, { detailed_status: 'SENDER_AUTHORIZATION_REDIRECT_PENDING', phase: 3, occurred_at: minutesAgo(2) });
    const { page, errors } = await signedInPage(`/payments/${payment.id}`);
    await page.getByRole('listitem', { name: '3. Bank login: In progress' }).waitFor();
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => {
      (window as unknown as { liveMark: number }).liveMark = 1;
    });

    // What ingestion does for each provider event: event, payment and notification in one transaction.
    const advance = async (step: { status: 'PENDING' | 'COMPLETED'; detailed: string; phase: number; at: Date }) => {
      await app.database.db.transaction().execute(async (trx) => {
        await makePaymentEvent(trx, payment, {
          source: 'archive',
          status: step.status,
          provider_status: step.status,
          detailed_status: step.detailed,
          phase: step.phase,
          occurred_at: step.at,
        });
        await trx
          .updateTable('payments')
          .set({
            status: step.status,
            provider_status: step.status,
            detailed_status: step.detailed,
            phase: step.phase,
            status_at: step.at,
            updated_at: step.at,
            completed_at: step.status === 'COMPLETED' ? step.at : null,
          })
          .where('id', '=', payment.id)
          .execute();
        await notifyPaymentChange(trx, { paymentId: payment.id, provider: 'kashimi', direction: 'payin', status: step.status, kind: 'status' });
      });
    };

    await advance({ status: 'PENDING', detailed: 'PAYMENT_CONSENT_REDIRECT_PENDING', phase: 6, at: minutesAgo(1) });
    await page.getByRole('listitem', { name: '6. Payment approval: In progress' }).waitFor();
    expect(await page.getByRole('listitem', { name: '3. Bank login: Done' }).count()).toBe(1);

    await advance({ status: 'COMPLETED', detailed: 'PAYMENT_EXECUTION_COMPLETED', phase: 7, at: minutesAgo(0) });
    await page.getByRole('listitem', { name: '7. Payment execution: Done' }).waitFor();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Completed' }).waitFor();
    expect(await page.getByRole('table', { name: 'Status events' }).getByRole('row').count()).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('writes every status chip in text that meets WCAG AA contrast, in the light and in the dark theme', async () => {
    const statuses = ['COMPLETED', 'FAILED', 'PENDING', 'UNKNOWN', 'REFUNDED'] as const;
    for (const status of statuses) {
      await makePayment(app.database.db, { country: 'CL', currency: 'CLP', status, merchant_reference: `ORD-E2E-CL-${status}` });
    }
    const { page, errors } = await signedInPage('/payments?q=country%3ACL');
    await page.getByRole('status').filter({ hasText: /^5 payments$/ }).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForFunction((name) => document.documentElement.classList.contains(name), scheme);
      // The chips are the only ones in the results table; each must be decided, not skipped.
      const contrast = await textContrast(page, 'table[aria-label="Payments found"] .MuiChip-label');
      expect(contrast, scheme).toEqual({ failed: [], undecided: [], passed: statuses.length });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists uncertain payments and lets finance record a confirmed outcome with a reason', async () => {
    const payment = await makePayment(app.database.db, {
      provider: 'kasha',
      merchant_reference: 'ORD-E2E-1100',
      status: 'UNKNOWN',
      provider_status: 'ERROR',
      failure_category: 'uncertain',
      failure_codes: ['1100'],
      completed_at: null,
      status_at: minutesAgo(120),
    });
    const { page, errors } = await signedInPage('/payments/uncertain', 'finance@paydesk.test');
    const row = page.getByRole('row').filter({ hasText: 'ORD-E2E-1100' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Kasha 1100: confirm with Kasha');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Resolve ORD-E2E-1100 by hand' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve ORD-E2E-1100 by hand' });
    await dialog.getByRole('radio', { name: 'Money arrived (completed)' }).check();
    await dialog.getByRole('textbox', { name: 'How was it confirmed?' }).fill('Kasha support confirmed the capture by email, case 881.');
    await dialog.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByText('Recorded as completed.').waitFor();
    await row.waitFor({ state: 'detached' });
    const stored = await app.database.db.selectFrom('payments').select(['status', 'manual_resolution']).where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('COMPLETED');
    expect(stored.manual_resolution).toMatchObject({ by: 'finance@paydesk.test' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
