import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.ts';

// PostgreSQL only: several HTTP processes share one database, which PGlite cannot be.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('PAYDESK_HTTP_PROCESSES', () => {
  it('is refused without PostgreSQL or with the sandboxes on, naming the setting', () => {
    expect(() => parseEnv({ PAYDESK_HTTP_PROCESSES: '2', PAYDESK_SANDBOXES: 'off' })).toThrow(/PAYDESK_HTTP_PROCESSES: more than one process needs DATABASE_URL/);
    expect(() => parseEnv({ PAYDESK_HTTP_PROCESSES: '2', DATABASE_URL: 'postgres://127.0.0.1/x' })).toThrow(/PAYDESK_SANDBOXES=off/);
    expect(parseEnv({ PAYDESK_HTTP_PROCESSES: '2', DATABASE_URL: 'postgres://127.0.0.1/x', PAYDESK_SANDBOXES: 'off' }).PAYDESK_HTTP_PROCESSES).toBe(2);
  });

  it('answers on one port from two processes, replaces one that dies, and stops them all on SIGTERM (PostgreSQL)', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const supervisor: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      // Only what Paydesk reads: the child needs nothing else of this process's environment.
      env: { DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', PAYDESK_HTTP_PROCESSES: '2', PAYDESK_SANDBOXES: 'off', PAYDESK_DEMO: 'off', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    try {
      await until('the first answer', () => fetch(`${url}/healthz`).then((r) => (r.ok ? true : undefined), () => undefined));
      const [first, second] = await until('two HTTP processes', () => {
        const pids = childrenOf(supervisor.pid!);
        return pids.length === 2 ? pids : undefined;
      });
      // Both are listening on the shared port (each holds a connection to the database too).
      process.kill(first!, 'SIGKILL');
      const replaced = await until('a replacement', () => {
        const pids = childrenOf(supervisor.pid!);
        return pids.length === 2 && !pids.includes(first!) ? pids : undefined;
      });
      expect(replaced).toContain(second);
      await until('answers after the replacement', () => fetch(`${url}/healthz`).then((r) => (r.ok ? true : undefined), () => undefined));
      for (let i = 0; i < 10; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200);

      const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));
      supervisor.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
    }
  }, 90_000);
});
