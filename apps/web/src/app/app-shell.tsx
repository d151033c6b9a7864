import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import MenuIcon from '@mui/icons-material/Menu';
import SettingsBrightnessIcon from '@mui/icons-material/SettingsBrightnessOutlined';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { useColorScheme } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import Button from '@mui/material/Button';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { NavLink, Outlet, useNavigate, useNavigation } from 'react-router';
import { LoadingState } from '../shared/page-states.tsx';
import { visibleNavEntries } from './navigation.tsx';
import { RequireSession, useSession } from './session.tsx';
import { useTRPC } from './trpc.ts';

const drawerWidth = 232;

const nextMode = { system: 'light', light: 'dark', dark: 'system' } as const;

function ThemeToggle() {
  const { mode, setMode } = useColorScheme();
  const current = mode ?? 'system';
  const icon = current === 'dark' ? <DarkModeIcon /> : current === 'light' ? <LightModeIcon /> : <SettingsBrightnessIcon />;
  return (
    <Tooltip title={`Theme: ${current} (click to change)`}>
      <IconButton color="inherit" aria-label={`Theme: ${current}. Switch to ${nextMode[current]}`} onClick={() => setMode(nextMode[current])}>
        {icon}
      </IconButton>
    </Tooltip>
  );
}

function BusinessZone() {
  const zone = useSession().data?.businessTimeZone;
  if (!zone) return null;
  return (
    <Tooltip title="Every time, filter and chart uses this business time zone">
      <Chip size="small" variant="outlined" label={`Times in ${zone}`} sx={{ color: 'inherit', borderColor: 'currentcolor' }} />
    </Tooltip>
  );
}

function SignedInUser() {
  const trpc = useTRPC();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        await navigate('/sign-in', { replace: true });
      },
    }),
  );
  const user = session.data?.user;
  if (!user) return null;
  return (
    <>
      <Typography variant="body2" sx={{ display: { xs: 'none', sm: 'block' } }}>
        {user.name} · {user.role}
      </Typography>
      <Button color="inherit" onClick={() => signOut.mutate()} loading={signOut.isPending}>
        Sign out
      </Button>
    </>
  );
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const capabilities = useSession().data?.capabilities ?? [];
  return (
    <nav aria-label="Main">
      <List>
        {visibleNavEntries(capabilities).map((entry) => (
          <ListItem key={entry.to} disablePadding>
            <ListItemButton
              component={NavLink}
              to={entry.to}
              end={entry.to === '/'}
              onClick={onNavigate}
              sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}
            >
              <ListItemIcon>{entry.icon}</ListItemIcon>
              <ListItemText primary={entry.label} />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
    </nav>
  );
}

export function AppShell() {
  return (
    <RequireSession>
      <Shell />
    </RequireSession>
  );
}

function Shell() {
  const isWide = useMediaQuery((theme) => theme.breakpoints.up('md'));
  const [isDrawerOpen, setDrawerOpen] = useState(false);
  // Screens are fetched the first time they are opened, and the router keeps the previous
  // screen up until the new one has arrived; without a sign, a slow link looks like a dead click.
  const isLoadingPage = useNavigation().state === 'loading';
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 1 }}>
          {!isWide && (
            <IconButton color="inherit" edge="start" aria-label="Open navigation" onClick={() => setDrawerOpen(true)}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="div" sx={{ flexGrow: 1 }}>
            Paydesk
          </Typography>
          <BusinessZone />
          <ThemeToggle />
          <SignedInUser />
        </Toolbar>
        {isLoadingPage && (
          <LinearProgress color="inherit" aria-label="Loading page" sx={{ position: 'absolute', left: 0, right: 0, bottom: 0 }} />
        )}
      </AppBar>
      <Drawer
        variant={isWide ? 'permanent' : 'temporary'}
        open={isWide || isDrawerOpen}
        onClose={() => setDrawerOpen(false)}
        sx={{ width: drawerWidth, flexShrink: 0, '& .MuiDrawer-paper': { width: drawerWidth, boxSizing: 'border-box' } }}
      >
        <Toolbar />
        <Navigation onNavigate={() => setDrawerOpen(false)} />
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: { xs: 2, md: 3 }, minWidth: 0 }}>
        <Toolbar />
        <Suspense fallback={<LoadingState label="Loading page" />}>
          <Outlet />
        </Suspense>
      </Box>
    </Box>
  );
}
