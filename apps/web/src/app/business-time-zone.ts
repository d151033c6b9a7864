import { useSession } from './session.tsx';

/** The zone every time on screen is shown in (the API decides it; UTC until it has answered). */
export function useBusinessTimeZone(): string {
  return useSession().data?.businessTimeZone ?? 'UTC';
}
