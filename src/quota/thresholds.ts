import type { HostConfig } from "../config/host-schema.js";
import type { Priority } from "../types.js";
import type { QuotaRefusal } from "./refusal.js";
import type { QuotaUnit } from "./unit.js";

/** What the quota provider says is left. `limit` is null when the provider sets no limit. */
export interface QuotaSnapshot {
  /** What `limit`, `remaining` and every cost planned against them count. */
  unit: QuotaUnit;
  limit: number | null;
  remaining: number | null;
  /** Set when the provider could not say what is left: only critical work runs. */
  unknown?: string;
  /** When more quota frees up (the rolling window's oldest spend drops out), if known. */
  resetsAt?: Date;
}

export type QuotaPolicy = Pick<HostConfig, "thresholds" | "safetyBufferPercent">;

/**
 * Why a task of this priority and cost may not start with `remaining` left (in the quota's unit), or null
 * when it may. A priority runs only while the remaining quota is above its threshold; no run
 * starts once less than the safety buffer is left, or when the run alone would overdraw.
 */
export function quotaRefusal(
  quota: QuotaSnapshot,
  priority: Priority,
  cost: number,
  policy: QuotaPolicy,
): QuotaRefusal | null {
  if (quota.unknown !== undefined) {
    return priority === "critical" ? null : { kind: "quota-unknown", why: quota.unknown };
  }
  if (quota.limit === null || quota.remaining === null) return null;
  const { remaining, limit, unit } = quota;
  const buffer = (limit * policy.safetyBufferPercent) / 100;
  if (remaining < buffer) {
    return {
      kind: "quota-buffer",
      remaining,
      limit,
      bufferPercent: policy.safetyBufferPercent,
      unit,
    };
  }
  const threshold = policy.thresholds[priority];
  if (remaining <= threshold) {
    return { kind: "quota-threshold", priority, threshold, remaining, unit };
  }
  if (cost > remaining) return { kind: "quota-cost", cost, remaining, unit };
  return null;
}
