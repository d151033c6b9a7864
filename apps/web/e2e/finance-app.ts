import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { ensureDemoUsers, silentLogger, startRuntime, type Runtime } from '@paydesk/api/testing';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { signIn } from './app.ts';
import { collectPageErrors, launchBrowser } from './browser.ts';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Serious accessibility findings inside the open dialog. The page behind a modal sits under
 * a dimmed backdrop, so checking it would report its colours, not a real problem.
 */
export async function dialogAxeViolations(page: Page): Promise<string[]> {
  // Colours are only final once the dialog has faded in.
  await page.waitForFunction(() => [...document.querySelectorAll('.MuiDialog-container')].every((el) => getComputedStyle(el).opacity === '1'));
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * The built app with everything running behind it, as `pnpm start` runs it: the Kasha
 * sandbox, its webhooks into the inbox, and the inbox and outbox workers. Payments reach
 * Paydesk the real way (a webhook, then a lookup), and decisions and refunds reach the
 * sandbox through the outbox.
 */
export async function startFinanceApp() {
  const database: TestDatabase = await createTestDatabase();
  await ensureDemoUsers(database.db);
  const runtime: Runtime = await startRuntime({
    database,
    clock: { now: () => new Date() },
    config: { businessTimeZone: 'America/Sao_Paulo' },
    log: silentLogger(),
    host: '127.0.0.1',
    port: 0,
    webDistDir,
    providerSettings: {},
    sandboxes: { seed: 'e2e-finance' },
    workers: true,
  });
  const browser = await launchBrowser();
  // A persistent Chromium profile has one cookie jar; a second person needs a browser of their own.
  let otherBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const sandboxes = runtime.sandboxes!;
  const kasha = runtime.gateway.kasha!;
  let sequence = 0;

  /** Waits until `check` holds (the workers run on their own). */
  async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Lets the sandbox deliver what it queued, then waits for Paydesk to hold the payment. */
  async function arrive(transactionId: string): Promise<string> {
    await sandboxes.advance(1_000);
    const row = await until(`payment ${transactionId}`, () =>
      database.db.selectFrom('payments').select('id').where('provider', '=', 'kasha').where('provider_payment_id', '=', transactionId).executeTakeFirst(),
    );
    return row.id;
  }

  return {
    database,
    runtime,
    url: runtime.url,
    browser,
    sandbox: sandboxes.kasha,
    until,
    /** A Kasha payout created through Kasha's API, waiting PENDING for our decision. */
    async makePayout(amount: number): Promise<{ id: string; reference: string; transactionId: string }> {
      sequence += 1;
      const reference = `PO-E2E-${sequence}-${Date.now().toString(36)}`;
      const session = await kasha.createPayoutSession({
        country: 'BR',
        currency: 'BRL',
        amount,
        redirectUrl: 'https://shop.example/return',
        customer: { name: 'Mariana Lopes', email: 'mariana.lopes@example.com' },
        merchantReference: reference,
      });
      await kasha.createPayout({ sessionId: session.sessionId, paymentOptionId: session.paymentOptions[0]!.paymentOptionId });
      return { id: await arrive(session.transactionId), reference, transactionId: session.transactionId };
    },
    /** A card pay-in Kasha completed. */
    async makeCompletedPayin(amount: number): Promise<{ id: string; reference: string; transactionId: string }> {
      sequence += 1;
      const reference = `ORD-E2E-${sequence}-${Date.now().toString(36)}`;
      const session = await kasha.createPaymentSession({
        country: 'BR',
        currency: 'BRL',
        amount,
        redirectUrl: 'https://shop.example/return',
        language: 'PT',
        customer: { name: 'Rafael Lima', email: 'rafael.lima@example.com' },
        merchantReference: reference,
      });
      sandboxes.kasha.forceNextOutcome({ kind: 'payin', status: 'COMPLETED' });
      const card = session.paymentOptions.find((option) => option.name === 'Card')!;
      await kasha.postPayment({ sessionId: session.sessionId, paymentOptionId: card.paymentOptionId });
      await sandboxes.advance(120_000);
      const id = await arrive(session.transactionId);
      await until('the completed status', async () => {
        const row = await database.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirst();
        return row?.status === 'COMPLETED';
      });
      return { id, reference, transactionId: session.transactionId };
    },
    /** A signed-in page; `isSecondPerson` opens it in a second browser, with its own session. */
    async signedInPage(path: string, email: string, options: { isSecondPerson?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
      if (options.isSecondPerson) otherBrowser ??= await launchBrowser();
      const { context } = options.isSecondPerson ? otherBrowser! : browser;
      // One person per browser at a time: whoever signed in here before is signed out.
      await context.clearCookies();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${runtime.url}${path}`);
      await signIn(page, email);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return { page, errors };
    },
    async close() {
      await otherBrowser?.close();
      await browser.close();
      await runtime.stop();
      await database.destroy();
    },
  };
}
