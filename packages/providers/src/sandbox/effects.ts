/** Something that moved (or finally stopped) money at the provider: what tests count. */
export type MoneyEffectKind = 'payout.approve' | 'payout.decline' | 'refund';

export interface MoneyEffect {
  kind: MoneyEffectKind;
  transactionId: string;
  merchantReference?: string;
  amount?: number;
  currency?: string;
  idempotencyKey?: string;
  /** Sandbox time. */
  at: number;
}

export type EffectFilter = Partial<Pick<MoneyEffect, 'kind' | 'transactionId' | 'merchantReference'>>;

/** Every money-moving effect a sandbox applied, so a test can assert "exactly one". */
export class EffectLedger {
  readonly effects: MoneyEffect[] = [];

  record(effect: MoneyEffect): void {
    this.effects.push(effect);
  }

  list(filter: EffectFilter = {}): MoneyEffect[] {
    return this.effects.filter(
      (effect) =>
        (filter.kind === undefined || effect.kind === filter.kind) &&
        (filter.transactionId === undefined || effect.transactionId === filter.transactionId) &&
        (filter.merchantReference === undefined || effect.merchantReference === filter.merchantReference),
    );
  }

  count(filter: EffectFilter = {}): number {
    return this.list(filter).length;
  }
}
