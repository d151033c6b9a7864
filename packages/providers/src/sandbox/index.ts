// Fakes of the three providers for development, demos and tests. Not for production code.

export { createSandboxClock } from './clock.ts';
export type { SandboxClock, SandboxClockOptions, SandboxTask } from './clock.ts';
export type { SandboxHandle, SandboxOptions } from './core.ts';
export { EffectLedger } from './effects.ts';
export type { EffectFilter, MoneyEffect, MoneyEffectKind } from './effects.ts';
export type { AnswerFaultKind, FaultConfig, ScriptedFault } from './faults.ts';
export type { RequestLogEntry } from './http-server.ts';
export { createRandom } from './random.ts';
export type { Random, Seed } from './random.ts';
export { startSandboxes } from './start-sandboxes.ts';
export type { Sandboxes, StartSandboxesOptions } from './start-sandboxes.ts';
export { startDemoTraffic } from './traffic.ts';
export type { CreatedTraffic, DemoTraffic, DemoTrafficOptions, TrafficKind } from './traffic.ts';
export type { WebhookAttempt, WebhookDelivery } from './webhook-sender.ts';
export { DEFAULT_KASHIMI_SANDBOX_SECRETS, startKashimiSandbox } from '../kashimi/sandbox.ts';
export type {
  KashimiForcedOutcome,
  KashimiOutcomeOdds,
  KashimiSandbox,
  KashimiSandboxOptions,
  KashimiSandboxPayment,
  KashimiSandboxSecrets,
  KashimiSandboxState,
  KashimiStatusEntry,
} from '../kashimi/sandbox.ts';
export { SANDBOX_BANKS, happyWalk } from '../kashimi/sandbox-flows.ts';
export type { BankTraits, SandboxBank } from '../kashimi/sandbox-flows.ts';
export { DEFAULT_KLAVI_SANDBOX_SECRETS, KLAVI_SANDBOX_PARTICIPANTS, startKlaviSandbox } from '../klavi/sandbox.ts';
export type {
  KlaviFinalStatus,
  KlaviForcedOutcome,
  KlaviParticipant,
  KlaviSandbox,
  KlaviSandboxOptions,
  KlaviSandboxPayment,
  KlaviSandboxSecrets,
  KlaviSandboxState,
} from '../klavi/sandbox.ts';
export { DEFAULT_KASHA_SANDBOX_SECRETS, startKashaSandbox } from '../kasha/sandbox.ts';
export type {
  KashaForcedOutcome,
  KashaSandbox,
  KashaSandboxOptions,
  KashaSandboxSecrets,
  KashaSandboxState,
  KashaSandboxStatus,
  KashaSandboxTransaction,
} from '../kasha/sandbox.ts';
