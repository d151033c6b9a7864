import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { RequireCapability, useCan } from '../../app/session.tsx';
import { AuditLogPage } from './audit-log-page.tsx';
import { InboxPage } from './inbox-page.tsx';
import { UsersPage } from './users-page.tsx';

export function AdminRoutes() {
  const location = useLocation();
  const canManageUsers = useCan('users.manage');
  const canReadAudit = useCan('audit.read');
  const canReadInbox = useCan('inbox.read');
  const tab = ['/admin/audit', '/admin/inbox'].find((path) => location.pathname.startsWith(path)) ?? '/admin/users';
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Admin
      </Typography>
      <Tabs value={tab} sx={{ mb: 2 }} aria-label="Admin sections">
        {canManageUsers && <Tab label="Users" value="/admin/users" component={Link} to="/admin/users" />}
        {canReadAudit && <Tab label="Audit log" value="/admin/audit" component={Link} to="/admin/audit" />}
        {canReadInbox && <Tab label="Webhook inbox" value="/admin/inbox" component={Link} to="/admin/inbox" />}
      </Tabs>
      <Routes>
        <Route index element={<Navigate to={canManageUsers ? 'users' : 'audit'} replace />} />
        <Route
          path="users"
          element={
            <RequireCapability capability="users.manage">
              <UsersPage />
            </RequireCapability>
          }
        />
        <Route
          path="audit"
          element={
            <RequireCapability capability="audit.read">
              <AuditLogPage />
            </RequireCapability>
          }
        />
        <Route
          path="inbox"
          element={
            <RequireCapability capability="inbox.read">
              <InboxPage />
            </RequireCapability>
          }
        />
      </Routes>
    </>
  );
}
