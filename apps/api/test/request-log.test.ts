import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logRequests } from '../src/http/request-log.ts';

/** An app with the request log in front, its log lines collected; a route per status. */
async function withLoggedApp(level: string, run: (url: string, lines: Array<Record<string, any>>) => Promise<void>) {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = express();
  app.use(logRequests(pino({ level }, sink)));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/broken', (_req, res) => void res.status(500).json({ error: 'no' }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const secretHeaders = { cookie: 'paydesk_session=very-secret-token', authorization: 'Bearer another-secret' };

describe('the request log', () => {
  it('logs each request with its id, and never its headers or its query string', async () => {
    await withLoggedApp('info', async (url, lines) => {
      const response = await fetch(`${url}/ok?input=${encodeURIComponent('{"q":"secret.customer@example.com"}')}`, { headers: secretHeaders });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await expect.poll(() => lines.length).toBe(1);
      expect(lines[0]).toMatchObject({ level: 30, req: { id, method: 'GET', url: '/ok' }, res: { statusCode: 200 } });
      expect(typeof lines[0]!.responseTime).toBe('number');
      expect(JSON.stringify(lines)).not.toMatch(/secret/);
    });
  });

  it('gives every request its own id', async () => {
    await withLoggedApp('info', async (url) => {
      const ids = await Promise.all([1, 2, 3].map(async () => (await fetch(`${url}/ok`)).headers.get('x-request-id')));
      expect(new Set(ids).size).toBe(3);
    });
  });

  it('writes failures at error level even when routine requests are not logged', async () => {
    await withLoggedApp('warn', async (url, lines) => {
      await fetch(`${url}/ok`, { headers: secretHeaders });
      await fetch(`${url}/broken`, { headers: secretHeaders });
      await expect.poll(() => lines.length).toBe(1);
      expect(lines[0]).toMatchObject({ level: 50, req: { method: 'GET', url: '/broken' }, res: { statusCode: 500 } });
      expect(JSON.stringify(lines)).not.toMatch(/secret/);
    });
  });
});
