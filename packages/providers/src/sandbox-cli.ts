// Runs the three provider sandboxes on loopback with live demo traffic:
//   pnpm --filter @paydesk/providers sandbox [-- --rate 12 --webhook-base http://127.0.0.1:3000/webhooks]
import { parseArgs } from 'node:util';
import type { FaultConfig } from './sandbox/faults.ts';
import { startSandboxes } from './sandbox/start-sandboxes.ts';
import { startDemoTraffic } from './sandbox/traffic.ts';

const usage = `Usage: sandbox [options]
  --host <ip>              listen address (default 127.0.0.1)
  --kashimi-port <n>       default 4101
  --klavi-port <n>         default 4102
  --kasha-port <n>         default 4103
  --webhook-base <url>     webhooks go to <url>/<provider> (default http://127.0.0.1:3000/webhooks)
  --kashimi-webhook <url>  override one provider's webhook URL (same for --klavi-webhook, --kasha-webhook)
  --rate <n>               demo payments per minute, 0 for none (default 6)
  --seed <text>            same seed, same story
  --faults <json>          e.g. '{"rate429":0.05,"duplicateDeliveryRate":0.1}'
  --help`;

// `pnpm … sandbox -- --rate 12` hands the script a literal "--" first.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

const options = {
  host: { type: 'string', default: '127.0.0.1' },
  'kashimi-port': { type: 'string', default: '4101' },
  'klavi-port': { type: 'string', default: '4102' },
  'kasha-port': { type: 'string', default: '4103' },
  'webhook-base': { type: 'string', default: 'http://127.0.0.1:3000/webhooks' },
  'kashimi-webhook': { type: 'string' },
  'klavi-webhook': { type: 'string' },
  'kasha-webhook': { type: 'string' },
  rate: { type: 'string', default: '6' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function readFlags() {
  try {
    return parseArgs({ args: argv, options, strict: true }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return process.exit(2);
  }
}
const values = readFlags();

if (values.help) {
  console.log(usage);
  process.exit(0);
}

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name} must be a port number, got ${value}\n\n${usage}`);
    process.exit(2);
  }
  return n;
}

const rate = Number(values.rate);
if (!Number.isFinite(rate) || rate < 0) {
  console.error(`--rate must be a number of payments per minute, got ${values.rate}`);
  process.exit(2);
}

let faults: FaultConfig | undefined;
if (values.faults) {
  try {
    faults = JSON.parse(values.faults) as FaultConfig;
  } catch (error) {
    console.error(`--faults must be JSON: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

const sandboxes = await startSandboxes({
  host: values.host,
  ports: {
    kashimi: port('kashimi-port', values['kashimi-port']),
    klavi: port('klavi-port', values['klavi-port']),
    kasha: port('kasha-port', values['kasha-port']),
  },
  webhookBaseUrl: values['webhook-base'],
  webhookUrls: {
    ...(values['kashimi-webhook'] ? { kashimi: values['kashimi-webhook'] } : {}),
    ...(values['klavi-webhook'] ? { klavi: values['klavi-webhook'] } : {}),
    ...(values['kasha-webhook'] ? { kasha: values['kasha-webhook'] } : {}),
  },
  autoAdvance: true,
  ...(values.seed ? { seed: values.seed } : {}),
  ...(faults ? { faults } : {}),
});

const base = values['webhook-base'].replace(/\/+$/, '');
const { kashimi, klavi, kasha } = sandboxes;
console.log(`Paydesk provider sandboxes (sandbox credentials only; never use them elsewhere)

  Kashimi  ${kashimi.url}
           clientId=${kashimi.credentials.clientId} clientSecret=${kashimi.credentials.clientSecret}
           webhook secret=${kashimi.credentials.webhookSecret}
           webhooks → ${values['kashimi-webhook'] ?? `${base}/kashimi`}
  Klavi    ${klavi.url}
           accessKey=${klavi.credentials.accessKey} secretKey=${klavi.credentials.secretKey}
           webhook secret=${klavi.credentials.webhookSecret}
           webhooks → ${values['klavi-webhook'] ?? `${base}/klavi`}
  Kasha    ${kasha.url}
           apiKey=${kasha.credentials.apiKey} secret=${kasha.credentials.secret}
           callbacks → ${values['kasha-webhook'] ?? `${base}/kasha`}
`);

let lastErrorLog = 0;
const traffic = startDemoTraffic({
  sandboxes,
  ratePerMinute: rate,
  ...(values.seed ? { seed: `${values.seed}/traffic` } : {}),
  onCreated: (created) => {
    console.log(`+ ${created.kind.padEnd(12)} ${created.amount.padStart(12)} ${created.currency}  ${created.id}`);
  },
  onError: (error, kind) => {
    // Injected faults can make many creations fail; one line every few seconds is enough.
    if (Date.now() - lastErrorLog < 5_000) return;
    lastErrorLog = Date.now();
    console.log(`! ${kind}: ${error instanceof Error ? error.message : String(error)}`);
  },
});
console.log(
  rate > 0
    ? `Demo traffic: about ${rate} payments a minute. Ctrl+C stops.`
    : 'No demo traffic (--rate 0). Ctrl+C stops.',
);

async function shutdown(): Promise<void> {
  await traffic.stop();
  await sandboxes.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
