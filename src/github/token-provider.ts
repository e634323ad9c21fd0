import type { Clock } from "../types.js";

/** Installation tokens live one hour; a run re-mints well before that. */
export const TOKEN_MAX_AGE_MS = 50 * 60_000;

/**
 * A git token for one run: minted fresh on first use (a cached token may be near its end) and
 * again whenever the one in hand is older than `maxAgeMs`, so a push at the end of a long run
 * never carries an expired token.
 */
export function tokenProvider(
  mint: () => Promise<string>,
  clock: Clock,
  maxAgeMs: number = TOKEN_MAX_AGE_MS,
): () => Promise<string> {
  let current: { token: string; mintedAt: number } | undefined;
  return async () => {
    const now = clock.now().getTime();
    if (current && now - current.mintedAt < maxAgeMs) return current.token;
    const token = await mint();
    current = { token, mintedAt: now };
    return token;
  };
}
