import type { ColumnVisibilityState } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useTRPC } from '../../../app/trpc.ts';
import { DEFAULT_COLUMN_VISIBILITY } from './payment-columns.tsx';

export type Density = 'compact' | 'comfortable';

const storedSchema = z.object({
  columns: z.record(z.string(), z.boolean()).optional(),
  density: z.enum(['compact', 'comfortable']).optional(),
});

type Stored = z.infer<typeof storedSchema>;

// Kept in the user's preferences in the database (users.setPreferences), so the columns
// and density follow the person from browser to browser.
const PREFERENCE_KEY = 'paymentsTable';

/** The payment table's column visibility and density, remembered per user. */
export function useTablePreferences() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preferences = useQuery({ ...trpc.users.preferences.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  // What the user changed in this tab, shown at once while the save is on its way.
  const [local, setLocal] = useState<Stored | null>(null);
  const save = useMutation(
    trpc.users.setPreferences.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.preferences.queryKey() }),
    }),
  );
  const parsed = storedSchema.safeParse((preferences.data as Record<string, unknown> | undefined)?.[PREFERENCE_KEY]);
  const stored: Stored = local ?? (parsed.success ? parsed.data : {});
  const columnVisibility: ColumnVisibilityState = { ...DEFAULT_COLUMN_VISIBILITY, ...stored.columns };
  const density: Density = stored.density ?? 'compact';

  const update = (next: Stored) => {
    setLocal(next);
    save.mutate({ [PREFERENCE_KEY]: next });
  };
  return {
    columnVisibility,
    density,
    isSaving: save.isPending,
    saveError: save.error,
    setColumnVisible: (id: string, isVisible: boolean) => update({ ...stored, columns: { ...columnVisibility, [id]: isVisible } }),
    setDensity: (value: Density) => update({ ...stored, density: value }),
    reset: () => update({}),
  };
}
