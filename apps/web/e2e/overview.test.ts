import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { startTestServer } from '@paydesk/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, seriousAxeViolations } from './browser.ts';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, webDistDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.destroy();
});

describe('the app in a browser', () => {
  it('loads the overview with the business time zone and no accessibility problems', async () => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Times in Europe/Madrid').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a not-found page for an unknown address', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
