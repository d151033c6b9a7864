import AdminIcon from '@mui/icons-material/AdminPanelSettingsOutlined';
import AnalyticsIcon from '@mui/icons-material/InsightsOutlined';
import DashboardIcon from '@mui/icons-material/DashboardOutlined';
import PaymentsIcon from '@mui/icons-material/PaymentsOutlined';
import PayoutsIcon from '@mui/icons-material/OutputOutlined';
import RefundsIcon from '@mui/icons-material/CurrencyExchangeOutlined';
import type { Capability } from '@paydesk/domain';
import type { ReactNode } from 'react';

export interface NavEntry {
  to: string;
  label: string;
  icon: ReactNode;
  /** Shown to roles holding any of these. */
  anyOf: Capability[];
}

/** The main navigation; each feature adds its entry here. */
export const navEntries: NavEntry[] = [
  { to: '/', label: 'Overview', icon: <DashboardIcon />, anyOf: ['payments.read'] },
  { to: '/payments', label: 'Payments', icon: <PaymentsIcon />, anyOf: ['payments.read'] },
  { to: '/payouts', label: 'Payouts', icon: <PayoutsIcon />, anyOf: ['payouts.read'] },
  { to: '/refunds', label: 'Refunds', icon: <RefundsIcon />, anyOf: ['refunds.read'] },
  { to: '/analytics', label: 'Analytics', icon: <AnalyticsIcon />, anyOf: ['analytics.read'] },
  { to: '/admin', label: 'Admin', icon: <AdminIcon />, anyOf: ['users.manage', 'audit.read', 'inbox.read'] },
];

export function visibleNavEntries(capabilities: readonly Capability[]): NavEntry[] {
  return navEntries.filter((entry) => entry.anyOf.some((capability) => capabilities.includes(capability)));
}
