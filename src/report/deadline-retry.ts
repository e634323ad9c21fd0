import { backoffMs, isTransient } from "../github/retry.js";
import type { Clock } from "../types.js";

/** GitHub's secondary rate limit answers 403 with this in its message; waiting helps. */
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;

/** Worth trying again later: network trouble, 5xx, 429, or a secondary rate limit. */
export function isRetryableForPosting(error: unknown): boolean {
  if (isTransient(error)) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return status === 403 && error instanceof Error && SECONDARY_LIMIT.test(error.message);
}

export interface DeadlineRetry {
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** No attempt starts after this (the window the comment is for). */
  until: Date;
  /** The first wait's ceiling; each later one doubles, up to `maxWaitMs`. */
  baseMs?: number;
  maxWaitMs?: number;
}

/**
 * Runs `work`, trying again with jittered backoff while the failure is worth waiting out and
 * the deadline allows; then throws the last error. Previews and reports use it: a secondary
 * rate limit that outlasts the client's own waits no longer loses the comment silently.
 */
export async function retryUntil<T>(work: () => Promise<T>, options: DeadlineRetry): Promise<T> {
  const base = options.baseMs ?? 2_000;
  const max = options.maxWaitMs ?? 5 * 60_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableForPosting(error)) throw error;
      const wait = Math.min(
        max,
        Math.max(base, backoffMs(attempt, { baseMs: base, random: options.random })),
      );
      if (options.clock.now().getTime() + wait > options.until.getTime()) throw error;
      await options.sleep(wait);
    }
  }
}
