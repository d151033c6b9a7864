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

  it('shows a not-found page for an unknown address', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(`${app.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
