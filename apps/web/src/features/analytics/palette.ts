// Okabe–Ito: eight colours that stay distinct for the common kinds of colour blindness.
// Black is swapped for a grey that reads on both the light and the dark theme, and
// lines also differ by dash so colour is never the only cue.
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#8C8C8C'] as const;
export const SERIES_DASHES = ['', '6 3', '2 2', '8 3 2 3', '', '6 3', '2 2', '8 3 2 3'] as const;

export function colourAt(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

export function dashAt(index: number): string {
  return SERIES_DASHES[index % SERIES_DASHES.length]!;
}
