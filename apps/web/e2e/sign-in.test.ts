import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navigationLabels, signIn, startApp } from './app.ts';
import { seriousAxeViolations } from './browser.ts';

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
    const page = await app.browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${app.url}/admin/audit?action=auth`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signIn(page, 'admin@paydesk.test');
    await page.waitForURL(/\/admin\/audit\?action=auth$/);
    await page.getByRole('table', { name: 'Audit log entries' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    app.clock.advance(16 * 60_000);
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fadmin%2Fusers$/);
    await page.getByText('Please sign in to continue').waitFor();
    await signIn(page, 'admin@paydesk.test');
    await page.getByRole('table', { name: 'Staff accounts' }).waitFor();
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
