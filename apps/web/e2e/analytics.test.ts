import { notifyPaymentChange } from '@paydesk/db';
import { makePayment } from '@paydesk/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApp } from './app.ts';
import { collectPageErrors, holdBack, seriousAxeViolations } from './browser.ts';

// The server's clock stands still on Friday 20 November 2026, 13:00 in Madrid.
const now = new Date('2026-11-20T12:00:00Z');
let app: Awaited<ReturnType<typeof startApp>>;

async function seed(at: string, overrides: Parameters<typeof makePayment>[1], db = app.database.db) {
  const createdAt = new Date(at);
  const isDone = overrides?.status === 'COMPLETED' || overrides?.status === undefined;
  return makePayment(db, {
    created_at: createdAt,
    status_at: createdAt,
    updated_at: createdAt,
    completed_at: isDone ? new Date(createdAt.getTime() + 90_000) : null,
    ...overrides,
  });
}

/** A payment arriving as ingestion stores one: the row and its notification in one transaction. */
async function arrive(at: string, overrides: Parameters<typeof makePayment>[1]) {
  await app.database.db.transaction().execute(async (trx) => {
    const payment = await seed(at, overrides, trx);
    await notifyPaymentChange(trx, { paymentId: payment.id, provider: payment.provider, direction: payment.direction, status: payment.status, kind: 'created' });
  });
}

beforeAll(async () => {
  app = await startApp({ now });
  const kashimi = { provider: 'kashimi', method: 'open_banking', country: 'DE', bank_id: 'de-sparkasse', bank_name: 'Sparkasse' } as const;
  // Within the last 7 days: 3 Kasha, 2 Kashimi.
  await seed('2026-11-18T09:00:00Z', { status: 'COMPLETED' });
  await seed('2026-11-18T10:00:00Z', { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
  await seed('2026-11-19T10:00:00Z', { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
  await seed('2026-11-19T11:00:00Z', { ...kashimi, status: 'COMPLETED', phase: 7 });
  await seed('2026-11-19T12:00:00Z', { ...kashimi, status: 'FAILED', phase: 6, failure_category: 'consent_denied', failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'] });
  // Three weeks ago: only in the 30-day range.
  for (let i = 0; i < 3; i++) await seed('2026-10-30T10:00:00Z', { status: 'COMPLETED' });
  await seed('2026-10-30T11:00:00Z', { ...kashimi, status: 'COMPLETED', phase: 7 });
});
afterAll(async () => app?.close());

async function figure(page: Page, metric: string): Promise<string> {
  return (await page.getByTestId(`figure-${metric}`).innerText()).trim();
}

async function waitForFigure(page: Page, metric: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, value]) => document.querySelector(`[data-testid="figure-${id}"]`)?.textContent?.trim() === value,
    [metric, expected] as const,
  );
}

async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('analytics in a browser', () => {
  it('lets a manager change the range and the provider, see the figures change, and open the payments behind a failure category', async () => {
    const page = await app.browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${app.url}/analytics`);
    await signIn(page, 'manager@paydesk.test');
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await waitForFigure(page, 'started', '5');
    expect(await figure(page, 'failed')).toBe('3');
    expect(await page.getByTestId('analytics-range').innerText()).toContain('Europe/Madrid');
    await page.getByRole('region', { name: 'Conversion over time' }).locator('.recharts-line').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await chooseOption(page, 'Range', 'Last 30 days');
    await page.waitForURL(/range=30d/);
    await waitForFigure(page, 'started', '9');
    expect(await page.getByTestId('analytics-range').innerText()).toContain('22 Oct – 20 Nov');

    await chooseOption(page, 'Provider', 'Kashimi');
    await page.waitForURL(/provider=kashimi/);
    await waitForFigure(page, 'started', '3');
    const lines = page.getByRole('table', { name: 'Totals per line' }).getByRole('row');
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Totals per line"] tbody tr').length === 1);
    expect(await lines.nth(1).innerText()).toContain('Kashimi');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Banks read by name, with the id the filters take underneath.
    const perBank = page.getByRole('table', { name: /Kashimi.* per bank$/ });
    await perBank.getByRole('link', { name: 'Sparkasse' }).waitFor();
    expect(await perBank.getByRole('row').nth(1).innerText()).toMatch(/^Sparkasse\s+de-sparkasse\s+3\b/);

    // Reload keeps the view: it is all in the URL.
    await page.reload();
    await waitForFigure(page, 'started', '3');

    const categories = page.getByRole('table', { name: 'Failure categories by provider' });
    await categories.getByRole('link', { name: 'Consent refused' }).first().click();
    await page.waitForURL(/\/payments\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('provider:kashimi status:failed reason:consent_denied created:2026-10-22..2026-11-20');
    expect(errors.filter((e) => !e.includes('401') && !e.includes('404'))).toEqual([]);
  });

  it('opens the payments behind one segment of the failure chart', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(`${app.url}/analytics?range=7d&granularity=day&provider=kasha`);
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    const chart = page.getByRole('region', { name: 'Failures by category' });
    const segments = chart.locator('.recharts-bar-rectangle path');
    await segments.first().waitFor();
    expect(await segments.count()).toBe(2); // insufficient funds on 18 and on 19 November
    await segments.first().click();
    await page.waitForURL(/\/payments\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('provider:kasha status:failed reason:insufficient_funds created:2026-11-18');
  });

  it('says so when there is nothing in the range, and lets the manager download a chart as CSV', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(`${app.url}/analytics?range=custom&from=2026-01-01&to=2026-01-31`);
    await page.getByText('No data in this range').waitFor();
    expect(await figure(page, 'started')).toBe('0');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const csv = await page.request.get(`${app.url}/api/analytics/export.csv?chart=conversion&range=7d&granularity=day&split=provider`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toBe('bucket_start,from_day,to_day,split_by,split_value,label,started,completed,failed,conversion_rate');
  });

  // Last: the payments it adds would change the figures the tests above expect.
  it('updates its figures by itself as payments arrive, a burst costing a few refetches, with no reload and no skeleton', async () => {
    const page = await app.browser.context.newPage();
    const errors = collectPageErrors(page);
    let summaryRequests = 0;
    page.on('request', (request) => {
      if (request.url().includes('analytics.summary')) summaryRequests += 1;
    });
    await page.goto(`${app.url}/analytics?range=7d`);
    await waitForFigure(page, 'started', '5');
    expect(await figure(page, 'completed')).toBe('2');
    await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
    // Marks this document (a reload would lose the mark) and watches for a loading skeleton
    // coming back: a refetch must keep the figures on screen.
    await page.evaluate(() => {
      const marks = window as unknown as { liveMark: number; sawSkeleton: boolean };
      marks.liveMark = 1;
      marks.sawSkeleton = document.querySelector('.MuiSkeleton-root') !== null;
      new MutationObserver(() => {
        if (document.querySelector('.MuiSkeleton-root')) marks.sawSkeleton = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    await arrive('2026-11-20T11:00:00Z', { status: 'COMPLETED' });
    await waitForFigure(page, 'started', '6');
    expect(await figure(page, 'completed')).toBe('3');

    // 30 payments, each committed on its own as ingestion does: the server coalesces their
    // notifications, so the page refetches a couple of times, not 30.
    const before = summaryRequests;
    for (let i = 0; i < 30; i++) await arrive(`2026-11-20T11:${String(i + 1).padStart(2, '0')}:00Z`, { status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['3000'] });
    await waitForFigure(page, 'started', '36');
    await waitForFigure(page, 'failed', '33');
    expect(summaryRequests - before).toBeGreaterThanOrEqual(1);
    expect(summaryRequests - before).toBeLessThanOrEqual(3);

    const marks = await page.evaluate(() => {
      const { liveMark, sawSkeleton } = window as unknown as { liveMark?: number; sawSkeleton?: boolean };
      return { liveMark, sawSkeleton };
    });
    expect(marks.liveMark).toBe(1);
    expect(marks.sawSkeleton).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the analytics screen, fetched when first opened', () => {
  // Recharts makes the analytics chunk the largest one; no other screen should wait for it.
  const analyticsChunk = /\/assets\/analytics-page-[\w-]+\.js$/;

  /** A manager signed in on the overview, with the analytics chunk held until released. */
  async function managerOnOverviewWithAnalyticsHeldBack() {
    const page = await app.browser.context.newPage();
    await page.context().clearCookies();
    const errors = collectPageErrors(page);
    const chunk = await holdBack(page, analyticsChunk);
    await page.goto(app.url);
    await signIn(page, 'manager@paydesk.test');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    return { page, errors, chunk };
  }

  it('is not downloaded for the overview, and on a first load a skeleton stands in inside the shell until it arrives', async () => {
    const { page, errors, chunk } = await managerOnOverviewWithAnalyticsHeldBack();
    expect(chunk.requests()).toBe(0);

    await page.goto(`${app.url}/analytics`, { waitUntil: 'commit' });
    await page.getByRole('status', { name: 'Loading page' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(chunk.requests()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Analytics', level: 1 }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    chunk.release();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await page.getByRole('status', { name: 'Loading page' }).waitFor({ state: 'detached' });
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });

  it('keeps the current screen up with a progress bar while it arrives after a click', async () => {
    const { page, errors, chunk } = await managerOnOverviewWithAnalyticsHeldBack();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    const progress = page.getByRole('progressbar', { name: 'Loading page' });
    await progress.waitFor();
    expect(await page.getByRole('heading', { name: 'Overview' }).isVisible()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    chunk.release();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await progress.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/analytics');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });
});
