import type { Clock } from "../types.js";

interface Entry<V> {
  value: Promise<V>;
  expires: number;
}

/**
 * A small TTL cache for repository configs read by webhook handlers, so a busy repository
 * does not cost two config reads per event. Concurrent misses share one load; a failed load is
 * not cached; the oldest entries go first beyond `capacity`. Pushes that may change a config
 * invalidate it (see `invalidatePrefix`).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly capacity = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key starting with `prefix`, e.g. all of an owner's repositories. */
  invalidatePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()])
      if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
