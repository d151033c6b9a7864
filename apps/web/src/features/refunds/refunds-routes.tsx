import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Link, Route, Routes, useLocation } from 'react-router';
import { RequireCapability, useCan } from '../../app/session.tsx';
import { RefundPage } from './refund-page.tsx';
import { RefundsListPage } from './refunds-list-page.tsx';

export function RefundsRoutes() {
  const location = useLocation();
  const canRequest = useCan('refunds.request');
  const tab = location.pathname.startsWith('/refunds/new') ? 'new' : 'list';
  return (
    <RequireCapability capability="refunds.read">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1" gutterBottom>
          {tab === 'new' ? 'Refund by reference' : 'Refunds'}
        </Typography>
        {tab === 'list' && canRequest && (
          <Button variant="contained" component={Link} to="/refunds/new">
            New refund
          </Button>
        )}
      </Box>
      <Tabs value={tab} sx={{ mb: 2 }} aria-label="Refund pages">
        <Tab label="Refunds" value="list" component={Link} to="/refunds" />
        {canRequest && <Tab label="Refund by reference" value="new" component={Link} to="/refunds/new" />}
      </Tabs>
      <Routes>
        <Route index element={<RefundsListPage />} />
        <Route
          path="new"
          element={
            <RequireCapability capability="refunds.request">
              <RefundPage />
            </RequireCapability>
          }
        />
      </Routes>
    </RequireCapability>
  );
}
