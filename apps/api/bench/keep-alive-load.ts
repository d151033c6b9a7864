import net from 'node:net';

/**
 * A closed-loop load generator in the manner of wrk: `connections` keep-alive sockets, each
 * sending its next request as soon as the answer to the last one is complete. Requests are
 * encoded to bytes before the clock starts and answers are only framed (status line and
 * Content-Length), never decoded: on two cores every cycle the generator spends is taken from
 * the API and PostgreSQL it measures. Node's http client, as the single-request cases use,
 * costs the generator about 0.2 ms of CPU per request; this about a tenth of that.
 */
export interface LoadResult {
  requests: number;
  seconds: number;
  durations: number[];
  /** Answers other than 200, by status (0: the connection failed). */
  failures: Map<number, number>;
}

/** The bytes of a GET request on a keep-alive connection. */
export function encodeGet(host: string, path: string, headers: Record<string, string>): Buffer {
  const lines = [`GET ${path} HTTP/1.1`, `host: ${host}`, 'connection: keep-alive', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Where the answer at the start of `buffer` ends and its status, or undefined while it is
 * incomplete. Only Content-Length framing: the API under test never answers chunked to a query.
 */
function frameAnswer(buffer: Buffer): { end: number; status: number } | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (!length) throw new Error(`an answer without Content-Length (status ${status}): ${head.slice(0, 200)}`);
  const end = headerEnd + HEADER_END.length + Number(length[1]);
  return buffer.length >= end ? { end, status } : undefined;
}

export async function runKeepAliveLoad(options: {
  port: number;
  connections: number;
  seconds: number;
  /** The i-th request to send (encodeGet); called in order across all connections. */
  request: (i: number) => Buffer;
}): Promise<LoadResult> {
  const durations: number[] = [];
  const failures = new Map<number, number>();
  const fail = (status: number) => failures.set(status, (failures.get(status) ?? 0) + 1);
  let next = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const drive = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: options.port, noDelay: true });
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (performance.now() >= deadline) {
          socket.end();
          resolve();
          return;
        }
        sentAt = performance.now();
        socket.write(options.request(next++));
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let answer: ReturnType<typeof frameAnswer>;
        try {
          answer = frameAnswer(pending);
        } catch (error) {
          socket.destroy();
          reject(error);
          return;
        }
        if (!answer) return;
        durations.push(performance.now() - sentAt);
        if (answer.status !== 200) fail(answer.status);
        pending = pending.subarray(answer.end);
        send();
      });
      socket.on('error', (error) => {
        fail(0);
        reject(error);
      });
    });

  await Promise.all(Array.from({ length: options.connections }, drive));
  return { requests: durations.length, seconds: (performance.now() - started) / 1000, durations, failures };
}
