import type { Task } from "../queue/task.js";
import { compareTasks } from "../queue/order.js";
import { sessionAllowance } from "../quota/wait.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { sizeRefusal } from "../schedule/size-fit.js";
import type { Occurrence } from "../schedule/window.js";
import type { SessionPlan } from "./plan.js";

export interface NarrowInput {
  now: Date;
  quota: QuotaSnapshot;
  /** The window this session runs in; `run --now` has none and skips the size check. */
  occurrence?: Pick<Occurrence, "window" | "closesAt">;
  sessionCap?: number;
  spentThisSession: number;
  /** Set when nothing new may start: host problems, or a paused session. */
  stop?: string;
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

function refusal(task: Task, input: NarrowInput, allowance: number | null): string | null {
  if (input.stop) return input.stop;
  if (input.occurrence && input.now >= input.occurrence.closesAt) {
    return `the "${input.occurrence.window.name}" window has closed`;
  }
  if (input.quota.unknown !== undefined && task.priority !== "critical") {
    return `quota unknown (${input.quota.unknown}): only critical runs`;
  }
  if (input.occurrence) {
    const tooBig = sizeRefusal(task.size, input.occurrence, input.now);
    if (tooBig) return tooBig;
  }
  if (allowance !== null && task.cost > allowance) {
    return `per-session cap: ${allowance} prompts left of the ${input.sessionCap ?? 0} this session may use`;
  }
  return null;
}

const WAITING = /^(quota|too big for the window|per-session cap|host problem|session paused)/;

/** What would run next: tasks held back only by quota, time or the host, in queue order. */
export function nextUp(plan: SessionPlan): Task[] {
  return plan.repos
    .flatMap((repo) => repo.skipped)
    .filter((skip) => WAITING.test(skip.reason))
    .map((skip) => skip.task)
    .sort(compareTasks);
}
