/**
 * Primary rate-limit bookkeeping, so every response carries believable `x-ratelimit-*` headers.
 * One bucket per credential kind (the installation, the app JWT), reset every hour.
 */

export interface RateState {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  used: number;
  resource: "core";
}

export class RateLimits {
  private readonly buckets = new Map<string, { used: number; reset: number }>();

  constructor(
    private readonly limit = 5000,
    private readonly clock: () => number = Date.now,
  ) {}

  private bucket(key: string): { used: number; reset: number } {
    const now = Math.floor(this.clock() / 1000);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.reset <= now) {
      bucket = { used: 0, reset: now + 3600 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Counts one request against `key` and returns the state after it. */
  hit(key: string): RateState {
    const bucket = this.bucket(key);
    bucket.used = Math.min(bucket.used + 1, this.limit);
    return this.peek(key);
  }

  peek(key: string): RateState {
    const bucket = this.bucket(key);
    return {
      limit: this.limit,
      remaining: this.limit - bucket.used,
      reset: bucket.reset,
      used: bucket.used,
      resource: "core",
    };
  }
}

export function rateHeaders(state: RateState): Record<string, string> {
  return {
    "x-ratelimit-limit": String(state.limit),
    "x-ratelimit-remaining": String(state.remaining),
    "x-ratelimit-reset": String(state.reset),
    "x-ratelimit-used": String(state.used),
    "x-ratelimit-resource": state.resource,
  };
}
