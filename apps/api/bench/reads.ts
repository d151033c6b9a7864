import http from 'node:http';
import { preparedStatementName, type Database, type PaydeskDatabase } from '@paydesk/db';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Role } from '@paydesk/domain';
import { hashPassword } from '../src/auth/passwords.ts';
import { encodeCursor } from '../src/http/cursor.ts';
import { httpRequest } from './http-client.ts';
import { encodeGet, runKeepAliveLoad } from './keep-alive-load.ts';
import { startServerProcess } from './server-process.ts';
import { ms, percentile } from './stats.ts';

export interface ReadCase {
  name: string;
  /** A tRPC query path and its input, for request i. */
  call: (i: number) => { path: string; input: unknown };
  /** The same question asked the naive way (GROUP BY over payments), for comparison. */
  naiveSql?: string;
  /** Its share of requests in the weighted mix (a support desk's day), where one is run. */
  deskWeight?: number;
  /** An exact lookup or a detail: part of the mix of exact reads. */
  isExact?: boolean;
  /** A substring search (pg_trgm). */
  isContains?: boolean;
}

interface MixedFigures {
  name: string;
  /** HTTP processes of the API (PAYDESK_HTTP_PROCESSES). */
  processes: number;
  concurrency: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
}

export interface ReadFigures {
  name: string;
  api: { p50: number; p95: number };
  floor: { p50: number; p95: number };
  naive?: { p50: number; p95: number };
}

/** The URL path of a tRPC query as the web app sends it: the batch link, a batch of one. */
export function queryPath(path: string, input: unknown): string {
  return `/api/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`;
}

export async function signedInCookie(runtime: { url: string }, database: PaydeskDatabase, role: Role): Promise<string> {
  const email = `bench-${role}@paydesk.test`;
  const password = 'bench password 2026';
  await database.db
    .insertInto('staff_users')
    .values({ email, name: `Bench ${role}`, role, password_hash: await hashPassword(password) })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const response = await fetch(`${runtime.url}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
}

/**
 * The SQL one API call sends, captured by running it through a Kysely that records what
 * it executes: the floor is the same statements sent straight to PostgreSQL.
 */
function capturingDatabase(pool: pg.Pool, sink: CompiledQuery[]): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') sink.push(event.query);
    },
  });
}

export async function benchReads(options: {
  database: PaydeskDatabase;
  url: string;
  cases: readonly ReadCase[];
  role: Role;
  requests: number;
  mixedSeconds: number;
  mixedConcurrency: number;
  /** The mixed loads are run against the API with each of these numbers of HTTP processes. */
  httpProcesses?: readonly number[];
}): Promise<{ figures: ReadFigures[]; mixed: MixedFigures[] }> {
  const { database } = options;
  const runtime = await startServerProcess({ databaseUrl: options.url, port: 3990 });
  const cookie = await signedInCookie(runtime, database, options.role);
  const floorPool = new pg.Pool({ connectionString: options.url, max: 4 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = async (path: string, input: unknown) => {
    const response = await httpRequest(agent, `${runtime.url}${queryPath(path, input)}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
  };
  try {
    const figures: ReadFigures[] = [];
    for (const readCase of options.cases) {
      // The statements each request sends, captured through a recording caller: the floor
      // replays them straight to PostgreSQL. Capturing runs them once, so the pages both
      // sides read are as warm for the API as for the floor.
      const { createTestCaller } = await import('../src/testing.ts');
      const statements: CompiledQuery[][] = [];
      for (let i = 0; i < options.requests; i++) {
        const sink: CompiledQuery[] = [];
        const caller = createTestCaller({ db: capturingDatabase(floorPool, sink) }, { user: { id: '00000000-0000-0000-0000-000000000000', email: 'bench@paydesk.test', name: 'Bench', role: options.role } });
        const { path, input } = readCase.call(i);
        let target: any = caller;
        for (const part of path.split('.')) target = target[part];
        await target(input);
        statements.push(sink);
      }
      // Warm up the API process itself: compiled code, pooled connections.
      for (let i = 0; i < 20; i++) {
        const { path, input } = readCase.call(i);
        await request(path, input);
      }
      // Then request i through the API and its statements straight to PostgreSQL, one after
      // the other, in turns which goes first, so neither side runs on pages the other warmed.
      const client = await floorPool.connect();
      const apiDurations: number[] = [];
      const floorDurations: number[] = [];
      const naiveDurations: number[] = [];
      const timeApi = async (i: number) => {
        const { path, input } = readCase.call(i);
        const t = performance.now();
        await request(path, input);
        apiDurations.push(performance.now() - t);
      };
      const timeFloor = async (i: number) => {
        const t = performance.now();
        for (const statement of statements[i]!) {
          // Sent as the API sends it: by name where the API prepares it (decision 009).
          const name = preparedStatementName(statement.sql);
          const values = statement.parameters as unknown[];
          await (name ? client.query({ name, text: statement.sql, values }) : client.query(statement.sql, values));
        }
        floorDurations.push(performance.now() - t);
      };
      try {
        for (let i = 0; i < options.requests; i++) {
          if (i % 2 === 0) {
            await timeApi(i);
            await timeFloor(i);
          } else {
            await timeFloor(i);
            await timeApi(i);
          }
        }
        // The naive query is slow by design: a handful of runs tell its cost.
        for (let i = 0; readCase.naiveSql && i < 7; i++) {
          const t = performance.now();
          await client.query(readCase.naiveSql);
          naiveDurations.push(performance.now() - t);
        }
      } finally {
        client.release();
      }
      figures.push({
        name: readCase.name,
        api: { p50: percentile(apiDurations, 50), p95: percentile(apiDurations, 95) },
        floor: { p50: percentile(floorDurations, 50), p95: percentile(floorDurations, 95) },
        ...(naiveDurations.length > 0 ? { naive: { p50: percentile(naiveDurations, 50), p95: percentile(naiveDurations, 95) } } : {}),
      });
    }

    // Mixed read loads, many callers at once for a fixed time: every case in turn, then,
    // where the cases carry weights, in the proportions of a support desk's day, and its
    // exact lookups and details alone; each with every number of HTTP processes asked for.
    // Requests are encoded before the clock starts (keep-alive-load.ts), so the generator
    // takes as little as it can of the two cores the API and PostgreSQL share.
    const runMixed = async (target: { url: string }, processes: number, name: string, order: readonly ReadCase[], seconds = options.mixedSeconds): Promise<MixedFigures> => {
      const { host, port } = new URL(target.url);
      const encoded = Array.from({ length: 5000 }, (_, i) => {
        const { path, input } = order[i % order.length]!.call(i);
        return encodeGet(host, queryPath(path, input), { cookie });
      });
      const load = await runKeepAliveLoad({ port: Number(port), connections: options.mixedConcurrency, seconds, request: (i) => encoded[i % encoded.length]! });
      const errors = [...load.failures.values()].reduce((sum, n) => sum + n, 0);
      const { durations } = load;
      return { name, processes, concurrency: options.mixedConcurrency, requests: durations.length, seconds: load.seconds, perSecond: durations.length / load.seconds, p50: percentile(durations, 50), p95: percentile(durations, 95), errors };
    };
    const weighted = weightedOrder(options.cases);
    const exact = weightedOrder(options.cases.filter((c) => c.isExact));
    const mixes: Array<[string, readonly ReadCase[]]> = [['all cases in turn', options.cases]];
    if (weighted.length > 0) mixes.push([`support desk mix (${deskMixDescription(options.cases)})`, weighted]);
    if (exact.length > 0) mixes.push([`the desk mix's exact lookups and details only (${deskMixDescription(options.cases.filter((c) => c.isExact))})`, exact]);
    const mixed: MixedFigures[] = [];
    for (const processes of options.httpProcesses ?? [1]) {
      // The same API with more HTTP processes sharing its port; the session is in the database.
      const target = processes === 1 ? runtime : await startServerProcess({ databaseUrl: options.url, port: 3990 + processes, env: { PAYDESK_HTTP_PROCESSES: String(processes) } });
      try {
        // Every process warms up its compiled code and its pool first.
        await runMixed(target, processes, 'warm-up', options.cases, 3);
        for (const [name, order] of mixes) mixed.push(await runMixed(target, processes, name, order));
      } finally {
        if (target !== runtime) await (target as Awaited<ReturnType<typeof startServerProcess>>).stop();
      }
    }
    return { figures, mixed };
  } finally {
    agent.destroy();
    await floorPool.end();
    await runtime.stop();
  }
}

export function formatReads(result: Awaited<ReturnType<typeof benchReads>>): string {
  const hasNaive = result.figures.some((f) => f.naive);
  const lines = [
    `| operation | API p50 / p95 (ms) | same SQL straight to PostgreSQL p50 / p95 (ms) |${hasNaive ? ' naive GROUP BY over payments p50 / p95 (ms) |' : ''}`,
    `|---|---|---|${hasNaive ? '---|' : ''}`,
    ...result.figures.map(
      (f) =>
        `| ${f.name} | ${ms(f.api.p50)} / ${ms(f.api.p95)} | ${ms(f.floor.p50)} / ${ms(f.floor.p95)} |${hasNaive ? ` ${f.naive ? `${ms(f.naive.p50)} / ${ms(f.naive.p95)}` : ''} |` : ''}`,
    ),
    '',
    ...result.mixed.map(
      (m) => `Mixed read load, ${m.name}, concurrency ${m.concurrency}, ${m.processes} HTTP process${m.processes === 1 ? '' : 'es'}: ${Math.round(m.perSecond)} requests/s over ${m.seconds.toFixed(0)} s, p50 ${ms(m.p50)} ms, p95 ${ms(m.p95)} ms, ${m.errors} errors.\n`,
    ),
  ];
  return lines.join('\n');
}

/** The cases spread over 100 requests by their desk weights, interleaved rather than in runs. */
export function weightedOrder(cases: readonly ReadCase[]): ReadCase[] {
  const total = cases.reduce((sum, c) => sum + (c.deskWeight ?? 0), 0);
  if (total === 0) return [];
  // Each request goes to the case furthest behind its share so far (smooth weighted round robin).
  const credit = cases.map(() => 0);
  const order: ReadCase[] = [];
  for (let i = 0; i < 100; i++) {
    cases.forEach((c, k) => (credit[k]! += c.deskWeight ?? 0));
    const k = credit.indexOf(Math.max(...credit));
    credit[k]! -= total;
    order.push(cases[k]!);
  }
  return order;
}

function deskMixDescription(cases: readonly ReadCase[]): string {
  const total = cases.reduce((sum, c) => sum + (c.deskWeight ?? 0), 0);
  return cases.filter((c) => c.deskWeight).map((c) => `${Math.round(((c.deskWeight ?? 0) / total) * 100)} % ${c.name}`).join(', ');
}

/** Samples of what customers quote, drawn from the scale set. */
export async function sampleReferences(database: PaydeskDatabase, count: number) {
  const rows = await sql<{
    id: string;
    provider_payment_id: string;
    provider_reference: string | null;
    merchant_reference: string | null;
    customer_email: string | null;
    customer_name: string | null;
  }>`SELECT id, provider_payment_id, provider_reference, merchant_reference, customer_email, customer_name
       FROM payments TABLESAMPLE SYSTEM (1) WHERE customer_email IS NOT NULL LIMIT ${count}`.execute(database.db);
  return rows.rows;
}

/** Keyset cursors of list pages deep in a filtered list (newest first), as "next page" hands them out. */
export async function deepListCursors(database: PaydeskDatabase, where: string, count: number): Promise<string[]> {
  const cursors: string[] = [];
  for (let i = 0; i < count; i++) {
    const offset = 1000 + Math.floor((i / count) * 19_000);
    const row = await sql<{ k: string; id: string }>`
      SELECT created_at::text AS k, id FROM payments WHERE ${sql.raw(where)} ORDER BY created_at DESC, id DESC OFFSET ${offset} LIMIT 1`.execute(database.db);
    if (row.rows[0]) cursors.push(encodeCursor({ s: 'created_desc', k: row.rows[0].k, i: row.rows[0].id }));
  }
  if (cursors.length === 0) throw new Error(`no rows deep in the list ${where}`);
  return cursors;
}
