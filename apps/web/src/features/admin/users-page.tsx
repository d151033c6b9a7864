import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { ROLE_LABELS, ROLES, type Role } from '@paydesk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useSession } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { ToneChip } from '../../shared/tone-chip.tsx';

function NewUserDialog({ open, onClose }: { open: boolean; onClose: (created?: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: '', name: '', role: 'support' as Role, password: '' });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onClose(form.email);
        setForm({ email: '', name: '', role: 'support', password: '' });
      },
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <Dialog open={open} onClose={() => onClose()} aria-labelledby="new-user-title">
      <Box component="form" onSubmit={onSubmit} noValidate>
        <DialogTitle id="new-user-title">New staff account</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important', minWidth: { sm: 420 } }}>
          {create.isError && <Alert severity="error">{create.error.message}</Alert>}
          <TextField
            label="Email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <TextField
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <TextField
            select
            label="Role"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {ROLES.map((role) => (
              <MenuItem key={role} value={role}>
                {ROLE_LABELS[role]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Initial password"
            type="password"
            autoComplete="new-password"
            required
            helperText="At least 12 characters. Share it with the person privately."
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" loading={create.isPending}>
            Create account
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

export function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useBusinessTimeZone();
  const me = useSession().data?.user;
  const users = useQuery(trpc.users.list.queryOptions());
  const [isDialogOpen, setDialogOpen] = useState(false);
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        setNotice({
          severity: 'success',
          text: result.endedSessions > 0 ? `Saved. ${result.endedSessions} session(s) ended.` : 'Saved.',
        });
      },
      onError: (error) => setNotice({ severity: 'error', text: error.message }),
    }),
  );

  return (
    <>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 2 }}>
        <Button variant="contained" onClick={() => setDialogOpen(true)}>
          New account
        </Button>
      </Box>
      {users.isPending ? (
        <LoadingState label="Loading staff accounts" />
      ) : users.isError ? (
        <ErrorState title="Could not load staff accounts." error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title="No staff accounts yet" />
      ) : (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Staff accounts">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Email</TableCell>
                <TableCell>Role</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Created ({zone})</TableCell>
                <TableCell align="right">Access</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.data.map((user) => {
                const isMe = user.id === me?.id;
                return (
                  <TableRow key={user.id}>
                    <TableCell>{user.name}</TableCell>
                    <TableCell>{user.email}</TableCell>
                    <TableCell>
                      <TextField
                        select
                        size="small"
                        value={user.role}
                        disabled={isMe || update.isPending}
                        slotProps={{ htmlInput: { 'aria-label': `Role of ${user.name}` } }}
                        onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
                      >
                        {ROLES.map((role) => (
                          <MenuItem key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </MenuItem>
                        ))}
                      </TextField>
                    </TableCell>
                    <TableCell>
                      {user.isDisabled ? (
                        <ToneChip tone={null} label="Disabled" />
                      ) : user.isLocked ? (
                        <ToneChip tone="warning" label="Locked (too many attempts)" />
                      ) : (
                        <ToneChip tone="success" label="Active" />
                      )}
                    </TableCell>
                    <TableCell>{formatDateTime(user.createdAt, zone)}</TableCell>
                    <TableCell align="right">
                      <Button
                        size="small"
                        disabled={isMe || update.isPending}
                        onClick={() => update.mutate({ id: user.id, isDisabled: !user.isDisabled })}
                        aria-label={`${user.isDisabled ? 'Enable' : 'Disable'} ${user.name}`}
                      >
                        {user.isDisabled ? 'Enable' : 'Disable'}
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Paper>
      )}
      <NewUserDialog
        open={isDialogOpen}
        onClose={(created) => {
          setDialogOpen(false);
          if (created) setNotice({ severity: 'success', text: `Account ${created} created.` });
        }}
      />
      <Snackbar
        open={notice !== null}
        autoHideDuration={notice?.severity === 'error' ? null : 5000}
        onClose={() => setNotice(null)}
      >
        {notice ? (
          <Alert severity={notice.severity} onClose={() => setNotice(null)} variant="filled">
            {notice.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}
