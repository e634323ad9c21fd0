/**
 * Remembers recent webhook delivery ids (`X-GitHub-Delivery`) so a redelivered event acts
 * once. Bounded: the oldest ids are forgotten first.
 */
export class DeliveryDedupe {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

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
