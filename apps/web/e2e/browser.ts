import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A fresh headless Chromium profile; Debian's Chromium, never a downloaded browser. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'paydesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timezoneId: 'America/Sao_Paulo',
    locale: 'en-GB',
    viewport: { width: 1366, height: 900 },
    // Without the networking flags Chromium keeps dialling out on this closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serious and critical accessibility findings on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Fails the test on any console error or uncaught exception in the page. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** WCAG AA text contrast of the elements under `selector`: failures, cases axe could not decide, and how many passed. */
export async function textContrast(page: Page, selector: string): Promise<{ failed: string[]; undecided: string[]; passed: number }> {
  const results = await new AxeBuilder({ page }).include(selector).withRules(['color-contrast']).analyze();
  const describe = (list: typeof results.violations) => list.flatMap((rule) => rule.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
  return {
    failed: describe(results.violations),
    undecided: describe(results.incomplete),
    passed: results.passes.reduce((count, rule) => count + rule.nodes.length, 0),
  };
}

/** Answers requests for `url` only once `release` is called, so a test can see what the page shows while it waits. */
export async function holdBack(page: Page, url: RegExp): Promise<{ requests: () => number; release: () => void }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let requests = 0;
  await page.route(url, async (route) => {
    requests += 1;
    await released;
    await route.continue();
  });
  return { requests: () => requests, release: () => release() };
}
