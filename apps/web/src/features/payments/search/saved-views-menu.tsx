import BookmarkIcon from '@mui/icons-material/Bookmark';
import DeleteIcon from '@mui/icons-material/Delete';
import ShareIcon from '@mui/icons-material/Share';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCan } from '../../../app/session.tsx';
import { useTRPC } from '../../../app/trpc.ts';

/** Named searches: the user's own and those colleagues shared. Opening one navigates to its URL. */
export function SavedViewsMenu({ currentQuery, notify }: { currentQuery: string; notify: (message: string, severity?: 'success' | 'error') => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canShare = useCan('views.share');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [isSaving, setSaving] = useState(false);
  const views = useQuery(trpc.savedViews.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.savedViews.list.queryKey() });
  const setShared = useMutation(
    trpc.savedViews.setShared.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        notify(result.isShared ? 'View shared with the team' : 'View is private again');
      },
      onError: (error) => notify(error.message, 'error'),
    }),
  );
  const remove = useMutation(
    trpc.savedViews.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notify('View deleted');
      },
      onError: (error) => notify(error.message, 'error'),
    }),
  );
  const mine = views.data?.filter((v) => v.isMine) ?? [];
  const shared = views.data?.filter((v) => !v.isMine) ?? [];
  return (
    <>
      <Button startIcon={<BookmarkIcon />} onClick={(event) => setAnchor(event.currentTarget)} aria-haspopup="menu" aria-expanded={anchor !== null}>
        Saved views
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { minWidth: 320 } } }}>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setSaving(true);
          }}
        >
          Save current view…
        </MenuItem>
        <Divider />
        {views.isPending && <MenuItem disabled>Loading views…</MenuItem>}
        {views.isError && <MenuItem disabled>Could not load views: {views.error.message}</MenuItem>}
        {views.isSuccess && views.data.length === 0 && <MenuItem disabled>No saved views yet</MenuItem>}
        {mine.length > 0 && <ListSubheader>Mine</ListSubheader>}
        {mine.map((view) => (
          <MenuItem
            key={view.id}
            onClick={() => {
              setAnchor(null);
              void navigate(`/payments?${view.query}`);
            }}
          >
            <ListItemText primary={view.name} secondary={view.isShared ? 'Shared with the team' : 'Only you'} />
            {canShare && (
              <Tooltip title={view.isShared ? 'Stop sharing' : 'Share with the team'}>
                <IconButton
                  size="small"
                  aria-label={view.isShared ? `Stop sharing ${view.name}` : `Share ${view.name} with the team`}
                  onClick={(event) => {
                    event.stopPropagation();
                    setShared.mutate({ id: view.id, isShared: !view.isShared });
                  }}
                >
                  <ShareIcon fontSize="small" color={view.isShared ? 'primary' : 'inherit'} />
                </IconButton>
              </Tooltip>
            )}
            <Tooltip title="Delete">
              <IconButton
                size="small"
                aria-label={`Delete ${view.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  remove.mutate({ id: view.id });
                }}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </MenuItem>
        ))}
        {shared.length > 0 && <ListSubheader>Shared by colleagues</ListSubheader>}
        {shared.map((view) => (
          <MenuItem
            key={view.id}
            onClick={() => {
              setAnchor(null);
              void navigate(`/payments?${view.query}`);
            }}
          >
            <ListItemText primary={view.name} secondary={`By ${view.ownerName}`} />
          </MenuItem>
        ))}
      </Menu>
      <SaveViewDialog
        open={isSaving}
        query={currentQuery}
        canShare={canShare}
        onClose={(saved) => {
          setSaving(false);
          if (saved) notify(`Saved view “${saved}”`);
        }}
      />
    </>
  );
}

function SaveViewDialog({ open, query, canShare, onClose }: { open: boolean; query: string; canShare: boolean; onClose: (saved?: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [isShared, setIsShared] = useState(false);
  const share = useMutation(trpc.savedViews.setShared.mutationOptions());
  const save = useMutation(
    trpc.savedViews.save.mutationOptions({
      onSuccess: async (result) => {
        if (isShared) await share.mutateAsync({ id: result.id, isShared: true });
        await queryClient.invalidateQueries({ queryKey: trpc.savedViews.list.queryKey() });
        onClose(name.trim());
        setName('');
        setIsShared(false);
      },
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length === 0) return;
    save.mutate({ name: name.trim(), query });
  };
  const error = save.error ?? share.error;
  return (
    <Dialog open={open} onClose={() => onClose()} aria-labelledby="save-view-title" fullWidth maxWidth="xs">
      <Box component="form" onSubmit={onSubmit} noValidate>
        <DialogTitle id="save-view-title">Save this view</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
          {error && <Alert severity="error">{error.message}</Alert>}
          <TextField
            label="Name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            helperText="e.g. Kasha card declines today. Saving under an existing name replaces it."
          />
          {canShare && (
            <FormControlLabel control={<Checkbox checked={isShared} onChange={(e) => setIsShared(e.target.checked)} />} label="Share with the team" />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={name.trim().length === 0} loading={save.isPending || share.isPending}>
            Save view
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
