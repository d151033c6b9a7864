export * from './staff-users.ts';
export * from './staff-sessions.ts';
export * from './audit-log.ts';
export * from './payment-changes.ts';
