import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxClock } from './clock.ts';
import type { AnswerFault, AnswerFaultKind, FaultInjector } from './faults.ts';

export interface SandboxRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Exact bytes received, for signature checks. */
  rawBody: Buffer;
}

export interface SandboxReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: SandboxRequest) => SandboxReply | Promise<SandboxReply>;

export interface Route {
  method: 'GET' | 'POST';
  /** `/v2/transactions/:transactionId` style; `:name` matches one path segment. */
  pattern: string;
  handler: RouteHandler;
}

/** Thrown by a handler to answer at once (validation and auth failures). */
export class ReplyError extends Error {
  readonly reply: SandboxReply;

  constructor(reply: SandboxReply) {
    super(`sandbox reply ${reply.status}`);
    this.reply = reply;
  }
}

export interface RequestLogEntry {
  /** Sandbox time when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** Status sent; undefined when the answer was withheld or the connection cut. */
  status: number | undefined;
  fault: AnswerFaultKind | undefined;
}

export interface SandboxHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface SandboxHttpServerOptions {
  host: string;
  port: number;
  routes: readonly Route[];
  faults: FaultInjector;
  clock: SandboxClock;
  /** The provider's error body for a status and message, so faults look like the real thing. */
  errorBody: (status: number, message: string) => unknown;
  log: RequestLogEntry[];
  /** Longest a withheld ("timeout") answer keeps its connection open. */
  holdMs?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_LOG_ENTRIES = 10_000;

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

/** A node:http server with routing, JSON answers and fault injection, shared by the three sandboxes. */
export async function startSandboxHttpServer(options: SandboxHttpServerOptions): Promise<SandboxHttpServer> {
  const routes = options.routes.map(compileRoute);
  const held = new Set<NodeJS.Timeout>();
  const holdMs = options.holdMs ?? 120_000;

  const send = (res: ServerResponse, reply: SandboxReply): void => {
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(body === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'content-length': Buffer.byteLength(body).toString(),
      ...reply.headers,
    });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = {
      at: options.clock.now(),
      method,
      path: url.pathname,
      status: undefined,
      fault: undefined,
    };
    options.log.push(entry);
    if (options.log.length > MAX_LOG_ENTRIES) options.log.splice(0, options.log.length - MAX_LOG_ENTRIES);
    const answer = (reply: SandboxReply): void => {
      entry.status = reply.status;
      send(res, reply);
    };

    const rawBody = await readBody(req);
    if (rawBody === undefined)
      return answer({ status: 413, body: options.errorBody(413, 'Request body is too large') });

    const match = findRoute(routes, method, url.pathname);
    if (match === 'not-found')
      return answer({ status: 404, body: options.errorBody(404, `No route for ${url.pathname}`) });
    if (match === 'wrong-method')
      return answer({ status: 405, body: options.errorBody(405, `${method} is not allowed here`) });

    const fault = options.faults.answerFaultFor(method, url.pathname);
    entry.fault = fault?.kind;
    const latency = options.faults.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (fault && !fault.afterProcessing) return answer(faultReply(fault, options.errorBody));

    let reply: SandboxReply;
    try {
      reply = await match.route.handler({
        method,
        path: url.pathname,
        query: url.searchParams,
        params: match.params,
        headers: req.headers,
        rawBody,
      });
    } catch (error) {
      if (error instanceof ReplyError) reply = error.reply;
      else
        reply = {
          status: 500,
          body: options.errorBody(500, `Sandbox failure: ${error instanceof Error ? error.message : String(error)}`),
        };
    }

    if (!fault) return answer(reply);
    if (fault.kind === 'dropConnection') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'timeout') {
      // Keep the socket open and silent: the client can only give up.
      const timer = setTimeout(() => {
        held.delete(timer);
        req.socket.destroy();
      }, holdMs);
      held.add(timer);
      return;
    }
    answer(faultReply(fault, options.errorBody));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: options.errorBody(500, String(error)) });
      else res.destroy();
    });
  });
  // Tests open and close servers quickly; short keep-alive avoids reusing half-closed sockets.
  server.keepAliveTimeout = 2_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function faultReply(fault: AnswerFault, errorBody: (status: number, message: string) => unknown): SandboxReply {
  if (fault.kind === 'rate429') {
    return {
      status: 429,
      headers: { 'retry-after': String(fault.retryAfterSeconds) },
      body: errorBody(429, 'Too many requests, slow down'),
    };
  }
  return { status: fault.status, body: errorBody(fault.status, 'Temporary failure, try again later') };
}

function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}/?$`), names };
}

function findRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | 'not-found' | 'wrong-method' {
  let pathMatched = false;
  for (const route of routes) {
    const found = route.regex.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? '');
    });
    return { route, params };
  }
  return pathMatched ? 'wrong-method' : 'not-found';
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON request body, or answers 400 with the provider's error body. */
export function readJsonBody(
  request: SandboxRequest,
  errorBody: (status: number, message: string) => unknown,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw new ReplyError({ status: 400, body: errorBody(400, 'Request body must be JSON') });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReplyError({ status: 400, body: errorBody(400, 'Request body must be a JSON object') });
  }
  return value as Record<string, unknown>;
}

/** Case-insensitive single header value from node's header object. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
