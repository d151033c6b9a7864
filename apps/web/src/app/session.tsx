import type { Capability } from '@paydesk/domain';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ForbiddenPage } from '../features/errors/forbidden-page.tsx';
import { ErrorState, LoadingState } from '../shared/page-states.tsx';
import { useTRPC } from './trpc.ts';

/** The signed-in user and what their role may do; undefined while loading, null when signed out. */
export function useSession() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function useCan(capability: Capability): boolean {
  const session = useSession();
  return session.data?.capabilities.includes(capability) ?? false;
}

/** The address of this page, to come back to after signing in. */
export function signInPathFor(location: { pathname: string; search: string }): string {
  const next = `${location.pathname}${location.search}`;
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}

/** Renders its children only for a signed-in user; others go to sign-in and come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Checking your session" />;
  if (session.isError) return <ErrorState title="Could not check your session." error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to={signInPathFor(location)} replace />;
  return children;
}

/** Shows the 403 page instead of its children when the role lacks the capability. */
export function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const isAllowed = useCan(capability);
  return isAllowed ? children : <ForbiddenPage />;
}
