/** Whether an error is worth retrying: network trouble or a GitHub 5xx / rate limit. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") return status >= 500 || status === 429;
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|fetch failed/i.test(
    error.message,
  );
}

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseMs: 500,
  random: Math.random,
  sleep,
};

/** "Full jitter" backoff: a random wait up to base × 2^attempt. */
export const backoffMs = (attempt: number, options: Pick<RetryOptions, "baseMs" | "random">) =>
  Math.floor(options.random() * options.baseMs * 2 ** attempt);

/** Runs `work`, retrying transient failures with jittered exponential backoff. */
export async function withRetry<T>(
  work: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= options.attempts) throw error;
      await options.sleep(backoffMs(attempt, options));
    }
  }
}
