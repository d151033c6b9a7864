import type { Provider } from '@paydesk/domain';

/** Where payments come from: one provider in one country, with its share of traffic. */
export interface Market {
  readonly provider: Provider;
  readonly country: string;
  /** Share of all payments, in percent. */
  readonly weight: number;
}

const market = (provider: Provider, country: string, weight: number): Market => ({ provider, country, weight });

// Kashimi 35 %, Klavi 25 %, Kasha 40 %, each spread over its countries roughly by the
// size of the merchant's customer base there.
export const MARKETS: readonly Market[] = [
  market('kashimi', 'DE', 9),
  market('kashimi', 'FR', 5.5),
  market('kashimi', 'ES', 4),
  market('kashimi', 'IT', 3.5),
  market('kashimi', 'NL', 3.5),
  market('kashimi', 'PL', 2.2),
  market('kashimi', 'AT', 1.6),
  market('kashimi', 'BE', 1.6),
  market('kashimi', 'SE', 1.4),
  market('kashimi', 'FI', 0.8),
  market('kashimi', 'IE', 0.8),
  market('kashimi', 'PT', 0.7),
  market('kashimi', 'GB', 0.4),
  market('klavi', 'BR', 25),
  market('kasha', 'BR', 7),
  market('kasha', 'MX', 6),
  market('kasha', 'IN', 6.8),
  market('kasha', 'CO', 3.5),
  market('kasha', 'GB', 3.2),
  market('kasha', 'ES', 3.2),
  market('kasha', 'CL', 2.8),
  market('kasha', 'AR', 2.5),
  market('kasha', 'JP', 2.5),
  market('kasha', 'PE', 2),
  market('kasha', 'KW', 0.5),
];
