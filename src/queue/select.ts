import { quotaRefusal, type QuotaPolicy, type QuotaSnapshot } from "../quota/thresholds.js";
import { compareTasks } from "./order.js";
import type { SkipReason } from "./skip-reason.js";
import type { Task } from "./task.js";

export interface Skipped {
  task: Task;
  reason: SkipReason;
}

export interface Selection {
  picked: Task[];
  skipped: Skipped[];
}

/**
 * Picks eligible tasks in queue order while the quota allows, spending each pick's estimated
 * cost; tasks `first` names (the ticked weekend candidates in the weekend window) come before
 * the rest. Every task left out carries the reason.
 */
export function selectWithinQuota(
  eligible: readonly Task[],
  quota: QuotaSnapshot,
  policy: QuotaPolicy,
  first: (task: Task) => boolean = () => false,
): Selection {
  const rank = (task: Task): number => (first(task) ? 0 : 1);
  const picked: Task[] = [];
  const skipped: Skipped[] = [];
  let remaining = quota.remaining;
  for (const task of [...eligible].sort((a, b) => rank(a) - rank(b) || compareTasks(a, b))) {
    const refusal = quotaRefusal(
      { unit: quota.unit, limit: quota.limit, remaining },
      task.priority,
      task.cost,
      policy,
    );
    if (refusal) {
      skipped.push({ task, reason: refusal });
      continue;
    }
    picked.push(task);
    if (remaining !== null) remaining -= task.cost;
  }
  return { picked, skipped };
}
