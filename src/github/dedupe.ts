/**
 * Remembers recent webhook delivery ids (`X-GitHub-Delivery`) so a redelivered event acts
 * once. Bounded: the oldest ids are forgotten first.
 */
export class DeliveryDedupe {
  private readonly seen: Set<string>;

  /** `known`: ids already seen (oldest first), e.g. read back from the journal at start. */
  constructor(
    private readonly capacity: number,
    known: readonly string[] = [],
  ) {
    this.seen = new Set(known.slice(-capacity));
  }

  /** True the first time an id is seen. */
  firstTime(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return true;
  }
}
