import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router';
import { RequireCapability } from '../../app/session.tsx';
import { PaymentDetailPage } from './detail/payment-detail-page.tsx';
import { PaymentSearchPage } from './search/payment-search-page.tsx';
import { UncertainPage } from './uncertain/uncertain-page.tsx';

/** The list pages share a title and tabs; a payment's own page has breadcrumbs instead. */
function PaymentListsLayout({ tab, children }: { tab: 'search' | 'uncertain'; children: ReactNode }) {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Payments
      </Typography>
      <Tabs value={tab} sx={{ mb: 2 }} aria-label="Payment lists">
        {/* The tab links carry no query: clicking the tab you are on resets it to its defaults, like the main navigation. */}
        <Tab label="Search" value="search" component={Link} to="/payments" />
        <Tab label="Uncertain" value="uncertain" component={Link} to="/payments/uncertain" />
      </Tabs>
      {children}
    </>
  );
}

export function PaymentsRoutes() {
  const location = useLocation();
  return (
    <RequireCapability capability="payments.read">
      <Routes location={location}>
        <Route
          index
          element={
            <PaymentListsLayout tab="search">
              <PaymentSearchPage />
            </PaymentListsLayout>
          }
        />
        <Route
          path="uncertain"
          element={
            <PaymentListsLayout tab="uncertain">
              <UncertainPage />
            </PaymentListsLayout>
          }
        />
        <Route path=":id" element={<PaymentDetailPage />} />
      </Routes>
    </RequireCapability>
  );
}
