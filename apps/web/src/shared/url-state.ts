import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';

/**
 * Page state kept in the URL's query string, checked by a zod schema: a shared link or a
 * reload shows the same view, and back/forward walk through earlier states. Values that
 * fail the schema fall back to its defaults instead of breaking the page.
 */
export function useUrlState<S extends z.ZodObject>(schema: S) {
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => {
    const raw = Object.fromEntries(searchParams.entries());
    const parsed = schema.safeParse(raw);
    return (parsed.success ? parsed.data : schema.parse({})) as z.infer<S>;
  }, [schema, searchParams]);

  const update = useCallback(
    (changes: Partial<Record<keyof z.infer<S>, string | number | undefined | null>>, options: { replace?: boolean } = {}) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setSearchParams],
  );
  return [state, update] as const;
}
