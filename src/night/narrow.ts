import { waitsOnlyForTime, type SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { compareTasks } from "../queue/order.js";
import { sessionAllowance } from "../quota/wait.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { sizeRefusal } from "../queue/size-fit.js";
import type { Occurrence } from "../schedule/window.js";
import type { SessionPlan } from "../queue/plan-types.js";

export interface NarrowInput {
  now: Date;
  quota: QuotaSnapshot;
  /** The window this session runs in; `run --now` has none and skips the size check. */
  occurrence?: Pick<Occurrence, "window" | "closesAt">;
  sessionCap?: number;
  spentThisSession: number;
  /** Set when nothing new may start: host problems, or a paused session. */
  stop?: SkipReason;
}

/**
 * The session's own reasons to leave a picked task out, applied after the queue's selection:
 * nothing starts when stopped; unknown quota lets only critical work through; a task too big
 * for the window's time left waits; the per-session cap is kept. Mutates `plan` (moves picks
 * to their repository's skipped list) and returns it.
 */
export function narrowPlan(plan: SessionPlan, input: NarrowInput): SessionPlan {
  let allowance = sessionAllowance(input.sessionCap, input.spentThisSession);
  const kept: SessionPlan["picked"] = [];
  for (const pick of plan.picked) {
    const reason = refusal(pick.task, input, allowance);
    if (reason) {
      pick.plan.skipped.push({ task: pick.task, reason });
      continue;
    }
    kept.push(pick);
    if (allowance !== null) allowance -= pick.task.cost;
  }
  plan.picked = kept;
  return plan;
}

function refusal(task: Task, input: NarrowInput, allowance: number | null): SkipReason | null {
  if (input.stop) return input.stop;
  if (input.occurrence && input.now >= input.occurrence.closesAt) {
    return { kind: "window-closed", window: input.occurrence.window.name };
  }
  if (input.quota.unknown !== undefined && task.priority !== "critical") {
    return { kind: "quota-unknown", why: input.quota.unknown };
  }
  if (input.occurrence) {
    const tooBig = sizeRefusal(task.size, input.occurrence, input.now);
    if (tooBig) return tooBig;
  }
  if (allowance !== null && task.cost > allowance) {
    return {
      kind: "session-cap",
      left: allowance,
      cap: input.sessionCap ?? 0,
      unit: input.quota.unit,
    };
  }
  return null;
}

/** What would run next: tasks held back only by quota, time or the host, in queue order. */
export function nextUp(plan: SessionPlan): Task[] {
  return plan.repos
    .flatMap((repo) => repo.skipped)
    .filter((skip) => waitsOnlyForTime(skip.reason))
    .map((skip) => skip.task)
    .sort(compareTasks);
}
