import { z } from 'zod';

// The one role → capability table. The API gates procedures with `can`; the UI uses the
// same table only to hide what a role cannot do.

export type Role = 'support' | 'finance' | 'manager' | 'admin';

export const ROLES = ['support', 'finance', 'manager', 'admin'] as const satisfies readonly Role[];

export const roleSchema = z.enum(ROLES);

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  support: 'Support agent',
  finance: 'Finance',
  manager: 'Manager',
  admin: 'Administrator',
};

export type Capability =
  | 'payments.read'
  | 'payments.readPersonalData'
  | 'payments.readRawPayload'
  | 'payments.export'
  | 'payments.recheck'
  | 'payments.resolveManually'
  | 'analytics.read'
  | 'payouts.read'
  | 'payouts.decide'
  | 'refunds.read'
  | 'refunds.request'
  | 'refunds.requestAboveLimit'
  | 'users.manage'
  | 'audit.read'
  | 'inbox.read'
  | 'inbox.replay'
  | 'views.share';

export const CAPABILITIES = [
  'payments.read',
  'payments.readPersonalData',
  'payments.readRawPayload',
  'payments.export',
  'payments.recheck',
  'payments.resolveManually',
  'analytics.read',
  'payouts.read',
  'payouts.decide',
  'refunds.read',
  'refunds.request',
  'refunds.requestAboveLimit',
  'users.manage',
  'audit.read',
  'inbox.read',
  'inbox.replay',
  'views.share',
] as const satisfies readonly Capability[];

export const capabilitySchema = z.enum(CAPABILITIES);

export const CAPABILITY_DESCRIPTIONS: Readonly<Record<Capability, string>> = {
  'payments.read': 'Find payments and see their status, amounts and timeline.',
  'payments.readPersonalData': 'See customer names, emails, phones and documents unmasked.',
  'payments.readRawPayload': 'See exactly what the provider sent (may include personal data).',
  'payments.export': 'Download payment lists as CSV (personal data stays masked without the right above).',
  'payments.recheck': 'Ask the provider again for a payment’s current status.',
  'payments.resolveManually': 'Set the outcome of an uncertain payment after confirming it with the provider.',
  'analytics.read': 'See conversion and failure dashboards.',
  'payouts.read': 'See the payout queue.',
  'payouts.decide': 'Approve or decline payouts.',
  'refunds.read': 'See refunds and their progress.',
  'refunds.request': 'Request a refund up to the set limit.',
  'refunds.requestAboveLimit': 'Request a refund of any amount.',
  'users.manage': 'Add users, change roles and disable accounts.',
  'audit.read': 'Read the audit log of staff actions.',
  'inbox.read': 'See raw provider webhook deliveries, including rejected ones.',
  'inbox.replay': 'Re-process a stored webhook delivery.',
  'views.share': 'Save list views and share them with colleagues.',
};

// Separation of duties: whoever manages users cannot move money, and analytics users
// never see who the customers are.
export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  // Support exports what it finds (e.g. for a customer case); the export masks personal
  // data for roles without payments.readPersonalData, so this widens no data access.
  support: [
    'payments.read',
    'payments.readPersonalData',
    'payments.export',
    'payments.recheck',
    'refunds.read',
    'refunds.request',
    'views.share',
  ],
  // Finance sees personal data because approving a payout means checking who is paid.
  finance: [
    'payments.read',
    'payments.readPersonalData',
    'payments.export',
    'payments.recheck',
    'payments.resolveManually',
    'payouts.read',
    'payouts.decide',
    'refunds.read',
    'refunds.request',
    'refunds.requestAboveLimit',
    'views.share',
  ],
  manager: ['payments.read', 'payments.export', 'analytics.read', 'payouts.read', 'refunds.read', 'views.share'],
  admin: [
    'payments.read',
    'payments.readPersonalData',
    'payments.readRawPayload',
    'payments.export',
    'payments.recheck',
    'analytics.read',
    'payouts.read',
    'refunds.read',
    'users.manage',
    'audit.read',
    'inbox.read',
    'inbox.replay',
    'views.share',
  ],
};

/** True when the role holds the capability. */
export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role]?.includes(capability) ?? false;
}

/** True when the role may request this refund; the limit must be in the refund's own currency (minor units). */
export function canRequestRefund(role: Role, amountMinor: number, limitMinor: number): boolean {
  if (!can(role, 'refunds.request')) return false;
  return amountMinor <= limitMinor || can(role, 'refunds.requestAboveLimit');
}
