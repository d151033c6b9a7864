import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  CAPABILITY_DESCRIPTIONS,
  ROLES,
  ROLE_CAPABILITIES,
  ROLE_LABELS,
  can,
  canRequestRefund,
  roleSchema,
} from './permissions.ts';

describe('role table', () => {
  it('labels every role and describes every capability', () => {
    for (const role of ROLES) expect(ROLE_LABELS[role].length).toBeGreaterThan(0);
    for (const capability of CAPABILITIES) expect(CAPABILITY_DESCRIPTIONS[capability].length).toBeGreaterThan(0);
  });

  it('grants only known capabilities, each once', () => {
    for (const role of ROLES) {
      const granted = ROLE_CAPABILITIES[role];
      expect(new Set(granted).size, role).toBe(granted.length);
      for (const capability of granted) expect(CAPABILITIES).toContain(capability);
    }
  });

  it('lets every role find and read payments', () => {
    for (const role of ROLES) expect(can(role, 'payments.read'), role).toBe(true);
  });

  it('rejects unknown roles in the schema', () => {
    expect(roleSchema.safeParse('superuser').success).toBe(false);
  });
});

describe('support agents', () => {
  it('can see personal data, export and recheck payments and request refunds', () => {
    expect(can('support', 'payments.readPersonalData')).toBe(true);
    expect(can('support', 'payments.export')).toBe(true);
    expect(can('support', 'payments.recheck')).toBe(true);
    expect(can('support', 'refunds.request')).toBe(true);
  });

  it('cannot decide payouts or refund above the limit', () => {
    expect(can('support', 'payouts.decide')).toBe(false);
    expect(can('support', 'refunds.requestAboveLimit')).toBe(false);
  });

  it('cannot manage users or read the audit log', () => {
    expect(can('support', 'users.manage')).toBe(false);
    expect(can('support', 'audit.read')).toBe(false);
  });
});

describe('finance staff', () => {
  it('can decide payouts and refund any amount', () => {
    expect(can('finance', 'payouts.decide')).toBe(true);
    expect(can('finance', 'refunds.requestAboveLimit')).toBe(true);
  });

  it('cannot manage users or replay webhooks', () => {
    expect(can('finance', 'users.manage')).toBe(false);
    expect(can('finance', 'inbox.replay')).toBe(false);
  });
});

describe('managers', () => {
  it('can read analytics', () => {
    expect(can('manager', 'analytics.read')).toBe(true);
  });

  it('cannot read personal data or raw provider payloads', () => {
    expect(can('manager', 'payments.readPersonalData')).toBe(false);
    expect(can('manager', 'payments.readRawPayload')).toBe(false);
  });

  it('cannot move money', () => {
    expect(can('manager', 'payouts.decide')).toBe(false);
    expect(can('manager', 'refunds.request')).toBe(false);
  });
});

describe('admins', () => {
  it('can manage users, read the audit log and work the webhook inbox', () => {
    expect(can('admin', 'users.manage')).toBe(true);
    expect(can('admin', 'audit.read')).toBe(true);
    expect(can('admin', 'inbox.read')).toBe(true);
    expect(can('admin', 'inbox.replay')).toBe(true);
  });

  it('can read everything a read capability covers', () => {
    for (const capability of CAPABILITIES.filter((c) => c.endsWith('.read') || c.startsWith('payments.read'))) {
      expect(can('admin', capability), capability).toBe(true);
    }
  });

  it('cannot move money, keeping user management apart from payments', () => {
    expect(can('admin', 'payouts.decide')).toBe(false);
    expect(can('admin', 'refunds.request')).toBe(false);
    expect(can('admin', 'payments.resolveManually')).toBe(false);
  });
});

describe('canRequestRefund', () => {
  it('lets support refund up to the limit and no further', () => {
    expect(canRequestRefund('support', 5_000, 10_000)).toBe(true);
    expect(canRequestRefund('support', 10_000, 10_000)).toBe(true);
    expect(canRequestRefund('support', 10_001, 10_000)).toBe(false);
  });

  it('lets finance refund above the limit', () => {
    expect(canRequestRefund('finance', 1_000_000, 10_000)).toBe(true);
  });

  it('never lets roles without the refund right refund', () => {
    expect(canRequestRefund('manager', 1, 10_000)).toBe(false);
    expect(canRequestRefund('admin', 1, 10_000)).toBe(false);
  });
});
