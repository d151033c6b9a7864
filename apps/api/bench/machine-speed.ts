import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeGet, runKeepAliveLoad } from './keep-alive-load.ts';

/**
 * How fast this machine is right now at the kind of work the read benchmarks do: a bare
 * Node HTTP server answering a fixed JSON body over loopback, at concurrency 32, server and
 * load in this one process. On the session-6 machine the same code and the same queries
 * cost 60 % more CPU in some hours than in others, with no steal reported and a pure CPU
 * loop as fast as ever, and every figure of a run moved with it, floors included
 * (docs/benchmarks.md, session 6). Printed before and after a run, it tells a slow run of
 * fast code from a slow change.
 */
export async function bareHttpRequestsPerSecond(seconds = 3): Promise<number> {
  const body = JSON.stringify({ result: { data: { ok: true, note: 'a fixed answer of about a hundred bytes for the reference' } } });
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const request = encodeGet(`127.0.0.1:${port}`, '/reference', {});
    const load = await runKeepAliveLoad({ port, connections: 32, seconds, request: () => request });
    return Math.round(load.requests / load.seconds);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function describeMachineSpeed(when: string): Promise<string> {
  return `Machine speed ${when}: a bare Node HTTP server answered ${(await bareHttpRequestsPerSecond()).toLocaleString('en-GB')} requests/s over loopback (higher is faster).`;
}
