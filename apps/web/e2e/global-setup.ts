import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Browser tests drive the production build, exactly what `pnpm start` serves. */
export default async function buildWebApp(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ root, logLevel: 'warn' });
}
