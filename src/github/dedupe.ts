/**
 * Which webhook deliveries (`X-GitHub-Delivery`) have had their work queued, so a redelivered
 * event acts once. Asking and remembering are two steps: an id is remembered only once its work
 * is queued, so a delivery refused with 503 (queue full) is not a duplicate when redelivered.
 */
export interface Dedupe {
  /** Was this delivery's work queued before? */
  seen(id: string): boolean;
  /** Its work is queued: from now on a redelivery of this id is a duplicate. */
  remember(id: string): void;
}

/** Recent delivery ids in memory. Bounded: the oldest ids are forgotten first. */
export class DeliveryDedupe implements Dedupe {
  private readonly ids: Set<string>;

  /** `known`: ids already seen (oldest first), e.g. read back from the journal at start. */
  constructor(
    private readonly capacity: number,
    known: readonly string[] = [],
  ) {
    this.ids = new Set(known.slice(-capacity));
  }

  seen(id: string): boolean {
    return this.ids.has(id);
  }

  /** True when the id was new. */
  remember(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }
}
