import type { JournalRun } from "../store/journal.js";
import { repoFullName } from "../types.js";
import type { SessionPlan } from "../queue/plan-types.js";

/**
 * Leaves out of the plan every task whose issue has a run still open in the journal (after
 * recovery, only runs of live processes are): a restart, or a second process, never starts a
 * second agent on an issue whose run is still alive. Mutates `plan`.
 */
export function holdBackLiveRuns(plan: SessionPlan, open: readonly JournalRun[]): SessionPlan {
  const live = new Map(open.map((run) => [`${run.repo}#${String(run.issue)}`, run.id]));
  plan.picked = plan.picked.filter((pick) => {
    const runId = live.get(`${repoFullName(pick.task.repo)}#${String(pick.task.issue.number)}`);
    if (runId === undefined) return true;
    pick.plan.skipped.push({ task: pick.task, reason: { kind: "run-alive", runId } });
    return false;
  });
  return plan;
}
