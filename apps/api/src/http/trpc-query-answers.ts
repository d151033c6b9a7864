import {
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  type AnyTRPCRouter,
  type TRPCError,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { Request, RequestHandler, Response } from 'express';

type Answer = { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };

export interface QueryAnswerOptions<Context> {
  router: AnyTRPCRouter;
  createContext: (req: Request, res: Response) => Context;
  onError: (failure: { error: TRPCError; path: string; ctx: Context | undefined }) => void;
}

/**
 * Answers tRPC queries sent by GET, single or batched, the way tRPC's own adapter does,
 * without its Fetch emulation. The Node adapter turns every request into a Fetch `Request`
 * (headers copied, an AbortController, URL parsing) and writes every answer through web
 * streams; measured under the support read load that was about 0.35 ms of the API's
 * ~1.1 ms of CPU per request (docs/benchmarks.md). The procedures themselves run exactly
 * as before, through tRPC's own caller with its middlewares and input validation, and
 * errors are shaped by the same formatter; a test compares answers with the adapter's.
 *
 * Anything else goes on to tRPC's adapter: mutations (POST), subscriptions (event
 * streams), streamed batches, unknown paths, and input it cannot read as JSON.
 */
export function answerQueries<Context>(options: QueryAnswerOptions<Context>): RequestHandler {
  const { router } = options;
  const config = router._def._config;
  const isQuery = (path: string) => {
    const procedure = (router._def.procedures as Record<string, { _def?: { type?: string } } | undefined>)[path];
    return procedure?._def?.type === 'query';
  };

  // What tRPC's transformTRPCResponse makes of an answer, without copying it into new objects.
  const serialize = (answer: Answer) =>
    'error' in answer ? { error: config.transformer.output.serialize(answer.error) } : { result: { data: config.transformer.output.serialize(answer.result.data) } };

  return (req, res, next) => {
    if (req.method !== 'GET' || req.headers['trpc-accept'] !== undefined || wantsStream(req.headers.accept)) return next();
    const isBatch = req.query.batch === '1';
    const pathPart = req.path.slice(req.path.lastIndexOf('/') + 1);
    const paths = isBatch ? pathPart.split(',') : [pathPart];
    if (!paths.every(isQuery)) return next();
    const rawInputs = readInputs(req.query.input, isBatch, paths.length);
    if (rawInputs === undefined) return next();
    const inputs = rawInputs.map((input) => (input === undefined ? undefined : config.transformer.input.deserialize(input)));

    let ctx: Context;
    try {
      ctx = options.createContext(req, res);
    } catch (error) {
      return next(error);
    }
    const calls = paths.map((path, index) =>
      callTRPCProcedure({ router, path, type: 'query', ctx, getRawInput: async () => inputs[index], signal: undefined, batchIndex: index }).then(
        (data: unknown): Answer => ({ result: { data } }),
        (cause: unknown): Answer => {
          const error = getTRPCErrorFromUnknown(cause);
          options.onError({ error, path, ctx });
          return { error: getErrorShape({ config, error, type: 'query', path, input: inputs[index], ctx }) };
        },
      ),
    );
    Promise.all(calls)
      .then((answers) => {
        const serialized = answers.map(serialize);
        const body = JSON.stringify(isBatch ? serialized : serialized[0]);
        res.statusCode = getHTTPStatusCode(answers);
        res.setHeader('Vary', 'trpc-accept, accept');
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
      })
      .catch(next);
  };
}

/** Event streams (subscriptions) and JSON-lines batches are tRPC's adapter's to answer. */
function wantsStream(accept: string | undefined): boolean {
  return accept !== undefined && (accept.includes('text/event-stream') || accept.includes('application/jsonl'));
}

/** The input of each call, by position; undefined when the query string is not what tRPC's client sends. */
function readInputs(raw: unknown, isBatch: boolean, count: number): unknown[] | undefined {
  if (raw === undefined) return Array<unknown>(count).fill(undefined);
  if (typeof raw !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isBatch) return [parsed];
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const byIndex = parsed as Record<string, unknown>;
  return Array.from({ length: count }, (_, index) => byIndex[index]);
}
