import { insertInboxDeliveries, type Database, type NewInboxDelivery } from '@paydesk/db';
import type { Kysely } from 'kysely';

/**
 * Group commit for webhook deliveries: requests that arrive while a write is in flight are
 * stored together by the next one, so a burst costs a few commits instead of one each.
 * Every caller still waits until its own row is committed before the provider is answered.
 */
export class InboxWriter {
  private waiting: Array<{ delivery: NewInboxDelivery; resolve: (id: number) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { maxBatch: number; maxConcurrentWrites: number } = { maxBatch: 200, maxConcurrentWrites: 4 },
  ) {}

  store(delivery: NewInboxDelivery): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.waiting.length === 0 || this.inFlight >= this.options.maxConcurrentWrites) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    insertInboxDeliveries(
      this.db,
      batch.map((entry) => entry.delivery),
    )
      .then((ids) => batch.forEach((entry, index) => entry.resolve(ids[index]!)))
      .catch((error: unknown) => batch.forEach((entry) => entry.reject(error)))
      .finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
  }
}
