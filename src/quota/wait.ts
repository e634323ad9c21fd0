import type { QuotaSnapshot } from "./thresholds.js";

/**
 * When the session should wait for the quota to come back, or null when waiting is pointless:
 * the provider gives no reset time, or it falls after the window closes.
 */
export function quotaResumeAt(
  quota: Pick<QuotaSnapshot, "resetsAt">,
  now: Date,
  windowClosesAt: Date,
): Date | null {
  const { resetsAt } = quota;
  if (!resetsAt || resetsAt >= windowClosesAt) return null;
  return resetsAt > now ? resetsAt : null;
}

/**
 * Prompts still allowed this session under the per-session cap (null: no cap).
 */
export const sessionAllowance = (
  cap: number | undefined,
  spentThisSession: number,
): number | null => (cap === undefined ? null : Math.max(0, cap - spentThisSession));
