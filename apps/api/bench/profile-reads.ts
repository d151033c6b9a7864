import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { httpRequest } from './http-client.ts';
import { encodeGet, runKeepAliveLoad } from './keep-alive-load.ts';
import { describeMachineSpeed } from './machine-speed.ts';
import { queryPath, signedInCookie, weightedOrder, type ReadCase } from './reads.ts';
import { openScaleDatabase } from './scale-database.ts';
import { startServerProcess } from './server-process.ts';
import { supportReadCases } from './support-cases.ts';

// `tsx bench/profile-reads.ts [seconds] [--mix exact|desk|lists|contains|detail] [--no-profile]`: a mix of
// the support desk's reads (support-cases.ts, by their desk weights) at concurrency 32 against
// the 1M set, with the API process under --cpu-prof; prints requests/s, the CPU each process
// spent per request, and where the API's CPU went (self time by function and by package).
const seconds = Number(process.argv[2] ?? 15);
const mixFlag = process.argv.indexOf('--mix');
const mix = mixFlag >= 0 ? process.argv[mixFlag + 1]! : 'exact';
const inMix: Record<string, (c: ReadCase) => boolean> = {
  exact: (c) => c.isExact === true,
  desk: () => true,
  lists: (c) => !c.isExact && !c.isContains,
  contains: (c) => c.isContains === true,
  detail: (c) => c.name.startsWith('detail'),
};
if (!inMix[mix]) throw new Error(`--mix is one of ${Object.keys(inMix).join(', ')}`);
const profileDir = `/tmp/paydesk-prof-${Date.now()}`;
const isProfiled = !process.argv.includes('--no-profile');
const { database, url } = await openScaleDatabase({ payments: 1_000_000, reload: false });
const order = weightedOrder((await supportReadCases(database)).filter(inMix[mix]));
const runtime = await startServerProcess({ databaseUrl: url, port: 3991, nodeArgs: isProfiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []});
const cookie = await signedInCookie(runtime, database, 'support');
const host = new URL(runtime.url).host;
const pathOf = (i: number) => {
  const { path, input } = order[i % order.length]!.call(Math.floor(i / order.length));
  return queryPath(path, input);
};
const warmUp = new http.Agent({ keepAlive: true, maxSockets: 1 });
const call = (i: number) => httpRequest(warmUp, `${runtime.url}${pathOf(i)}`, { headers: { cookie } });
for (let i = 0; i < 200; i++) await call(i);
const encoded = Array.from({ length: 3000 }, (_, i) => encodeGet(host, pathOf(i), { cookie }));
// CPU the API process spent (user + system), from /proc: steadier than requests/s when other work shares the machine.
const cpuOfPid = (pid: string | number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};
const cpuMs = () => cpuOfPid(runtime.pid);
const postgresCpuMs = () =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .reduce((sum, pid) => sum + cpuOfPid(pid), 0);
console.log(await describeMachineSpeed('before the load'));
const cpuBefore = cpuMs();
const postgresBefore = postgresCpuMs();
const generatorBefore = process.cpuUsage();
const load = await runKeepAliveLoad({ port: 3991, connections: 32, seconds, request: (i) => encoded[i % encoded.length]! });
if (load.failures.size > 0) throw new Error(`failed answers: ${JSON.stringify([...load.failures])}`);
const done = load.requests;
console.log(`${mix} mix: ${Math.round(done / load.seconds)} requests/s over ${seconds} s; API process CPU ${((cpuMs() - cpuBefore) / done).toFixed(3)} ms per request, PostgreSQL ${((postgresCpuMs() - postgresBefore) / done).toFixed(3)} ms (backends that lived through the run), load generator ${((process.cpuUsage(generatorBefore).user + process.cpuUsage(generatorBefore).system) / 1000 / done).toFixed(3)} ms`);
warmUp.destroy();
await runtime.stop();
await database.destroy();

if (isProfiled) {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    const pkg = frame.url.match(/node_modules\/\.pnpm\/([^/]+)/)?.[1]?.replace(/@\d.*$/, '') ?? (frame.url.includes('/src/') || frame.url.includes('/packages/') ? 'paydesk' : frame.url.startsWith('node:') ? 'node:' + frame.url.slice(5).split('/')[0] : frame.url || frame.functionName);
    const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  console.log(`\nby package (${total} samples):\n${top(byPackage, 25)}\n\nby function:\n${top(byFunction, 45)}`);
}
