import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { demoPassword, ensureDemoUsers, manualClock, startTestServer } from '@paydesk/api/testing';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));

/** The built app on its own database with the demo accounts, and a browser to drive it. */
export async function startApp(options: { now?: Date } = {}) {
  const database: TestDatabase = await createTestDatabase();
  await ensureDemoUsers(database.db);
  const clock = manualClock(options.now ?? new Date());
  const server = await startTestServer({ database, clock, webDistDir });
  const browser = await launchBrowser();
  return {
    database,
    clock,
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await database.destroy();
    },
  };
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function navigationLabels(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  await links.first().waitFor();
  return links.allInnerTexts();
}
