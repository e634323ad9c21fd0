import type { SessionPlan } from "../queue/plan-types.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { repoFullName } from "../types.js";

/** What the until-done targets ask of one cycle's plan. */
export interface UntilDonePlan {
  /** `owner/repo#N` of working targets' open issues: selected before the rest of the queue. */
  first: Set<string>;
  /** `owner/repo#N` of paused or capped targets' issues, and why they do not start. */
  hold: Map<string, SkipReason>;
  /** Per working target: its issues and what this cycle may start of them. */
  allowances: TargetAllowance[];
}

export interface TargetAllowance {
  /** The target as a reader sees it. */
  target: string;
  keys: ReadonlySet<string>;
  /** Runs before the failures that pause it could all happen. */
  runs: number;
  /** Spend left under its daily cap; null without one. */
  spend: number | null;
}

export const emptyUntilDonePlan = (): UntilDonePlan => ({
  first: new Set(),
  hold: new Map(),
  allowances: [],
});

export const taskKey = (task: Pick<Task, "repo" | "issue">): string =>
  `${repoFullName(task.repo)}#${String(task.issue.number)}`;

/**
 * Keeps a cycle's picks of each working target within its allowance, in pick order: once its
 * runs are used up, or its cap is spent by the picks before (a pick may take it past the cap,
 * as one run may), the rest wait for a later cycle. Mutates `plan` and returns it.
 */
export function admitUntilDone(plan: SessionPlan, untilDone: UntilDonePlan): SessionPlan {
  const left = untilDone.allowances.map((allowance) => ({ ...allowance }));
  const kept: SessionPlan["picked"] = [];
  for (const pick of plan.picked) {
    const key = taskKey(pick.task);
    const allowance = left.find((a) => a.keys.has(key));
    if (!allowance) {
      kept.push(pick);
      continue;
    }
    if (allowance.runs <= 0 || (allowance.spend !== null && allowance.spend <= 0)) {
      pick.plan.skipped.push({
        task: pick.task,
        reason: { kind: "until-done-paced", target: allowance.target },
      });
      continue;
    }
    allowance.runs -= 1;
    if (allowance.spend !== null) allowance.spend -= pick.task.cost;
    kept.push(pick);
  }
  plan.picked = kept;
  return plan;
}
