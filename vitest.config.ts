import './tools/node20-polyfills.ts';
import { configDefaults, defineConfig } from 'vitest/config';

// *.postgres.test.ts prove what only a server can show (a dropped connection, backends
// racing): they are part of the run on the real PostgreSQL and absent on PGlite.
const exclude = process.env.TEST_DATABASE_URL ? configDefaults.exclude : [...configDefaults.exclude, '**/*.postgres.test.ts'];

// One project per package so `vitest run --project db` works and timeouts fit the work:
// database files start a PGlite or create a PostgreSQL database of their own.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      {
        test: {
          name: 'db',
          include: ['packages/db/src/**/*.test.ts', 'packages/db/test/**/*.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'providers',
          include: ['packages/providers/src/**/*.test.ts', 'packages/providers/test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['apps/api/src/**/*.test.ts', 'apps/api/test/**/*.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.test.ts'],
          globalSetup: ['apps/web/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time is what two cores can carry.
          fileParallelism: false,
        },
      },
    ],
  },
});
