import { appendAudit, insertInboxDelivery, insertStaffUser, recordFailedSignIn } from '@paydesk/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navigationLabels, signIn, startApp } from './app.ts';
import { seriousAxeViolations, textContrast } from './browser.ts';

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

// Written out by hand on purpose: the test states what each role should see.
const expectedNavigation: Record<string, string[]> = {
  'support@paydesk.test': ['Overview', 'Payments', 'Refunds'],
  'finance@paydesk.test': ['Overview', 'Payments', 'Payouts', 'Refunds'],
  'manager@paydesk.test': ['Overview', 'Payments', 'Payouts', 'Refunds', 'Analytics'],
  'admin@paydesk.test': ['Overview', 'Payments', 'Payouts', 'Refunds', 'Analytics', 'Admin'],
};

/** Every chip label in the table meets WCAG AA, decided by axe (none skipped), in the light and the dark theme. */
async function expectReadableChips(page: Page, table: string): Promise<void> {
  const labels = `table[aria-label="${table}"] .MuiChip-label`;
  const chips = await page.locator(labels).count();
  expect(chips, table).toBeGreaterThan(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((name) => document.documentElement.classList.contains(name), scheme);
    expect(await textContrast(page, labels), `${table}, ${scheme}`).toEqual({
      failed: [],
      undecided: [],
      passed: chips,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('signing in', () => {
  for (const [email, navigation] of Object.entries(expectedNavigation)) {
    it(`shows ${email} exactly the navigation of their role`, async () => {
      const context = await app.browser.context.browser()?.newContext();
      const page = context ? await context.newPage() : await app.browser.context.newPage();
      await page.context().clearCookies();
      await page.goto(app.url);
      await signIn(page, email);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await navigationLabels(page)).toEqual(navigation);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Paydesk' }).waitFor();
      await page.close();
    });
  }

  it('says clearly when the password is wrong, and the page has no accessibility problems', async () => {
    const page = await app.browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${app.url}/sign-in`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signIn(page, 'finance@paydesk.test', 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Email or password is incorrect');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('sends an idle user to sign in and brings them back to the page they were on', async () => {
    // The states whose colours are too light for text: a denied audit entry, a locked
    // account and a delivery not yet processed, so their chips are on the screens below.
    const { db } = app.database;
    await appendAudit(db, {
      actor: null,
      action: 'auth.sign_in',
      outcome: 'denied',
      details: { email: 'nobody@paydesk.test' },
      ip: '203.0.113.7',
      requestId: null,
      at: app.clock.now(),
    });
    const locked = await insertStaffUser(db, {
      email: 'locked@paydesk.test',
      name: 'Locked Out',
      role: 'support',
      passwordHash: 'never signs in',
    });
    await recordFailedSignIn(db, locked.id, {
      now: app.clock.now(),
      maxAttempts: 1,
      lockUntil: new Date(app.clock.now().getTime() + 3_600_000),
    });
    await insertInboxDelivery(db, {
      provider: 'kasha',
      headers: {},
      body: '{}',
      state: 'received',
      receivedAt: app.clock.now(),
    });

    const page = await app.browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${app.url}/admin/audit?action=auth`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signIn(page, 'admin@paydesk.test');
    await page.waitForURL(/\/admin\/audit\?action=auth$/);
    const audit = page.getByRole('table', { name: 'Audit log entries' });
    await audit.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await audit.getByText('denied', { exact: true }).waitFor();
    await expectReadableChips(page, 'Audit log entries');

    app.clock.advance(16 * 60_000);
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fadmin%2Fusers$/);
    await page.getByText('Please sign in to continue').waitFor();
    await signIn(page, 'admin@paydesk.test');
    const users = page.getByRole('table', { name: 'Staff accounts' });
    await users.waitFor();
    await users.getByText('Locked (too many attempts)').waitFor();
    await expectReadableChips(page, 'Staff accounts');

    await page.getByRole('tab', { name: 'Webhook inbox' }).click();
    const inbox = page.getByRole('table', { name: 'Webhook deliveries' });
    await inbox.waitFor();
    await inbox.getByText('received', { exact: true }).waitFor();
    await expectReadableChips(page, 'Webhook deliveries');
  });

  it('shows the 403 page to a role that may not open a page', async () => {
    const page = await app.browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${app.url}/admin/users`);
    await signIn(page, 'support@paydesk.test');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
