import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Link, Route, Routes, useLocation } from 'react-router';
import { RequireCapability } from '../../app/session.tsx';
import { PayoutHistoryPage } from './payout-history-page.tsx';
import { PayoutQueuePage } from './payout-queue-page.tsx';

export function PayoutsRoutes() {
  const location = useLocation();
  const tab = location.pathname.startsWith('/payouts/history') ? 'history' : 'queue';
  return (
    <RequireCapability capability="payouts.read">
      <Typography variant="h4" component="h1" gutterBottom>
        Payouts
      </Typography>
      <Tabs value={tab} sx={{ mb: 2 }} aria-label="Payout lists">
        {/* Tab links carry no query: clicking the tab you are on resets it, like the main navigation. */}
        <Tab label="Awaiting decision" value="queue" component={Link} to="/payouts" />
        <Tab label="History" value="history" component={Link} to="/payouts/history" />
      </Tabs>
      <Routes>
        <Route index element={<PayoutQueuePage />} />
        <Route path="history" element={<PayoutHistoryPage />} />
      </Routes>
    </RequireCapability>
  );
}
