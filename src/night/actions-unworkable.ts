import type { RunOutcome } from "../run/outcome.js";
import type { JournalRun } from "../store/journal.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { placeholderTask } from "./placeholder-task.js";
import { configOf } from "./recover.js";
import { settleRun } from "./settle.js";

/**
 * A run on GitHub Actions that cannot be collected or resumed (its task unreadable, its
 * repository no longer installed) settles as failed with the reason. Where the repository is
 * still reachable, it ends like any failure there: the `failed` label and the comment;
 * where it is not, only the journal hears (the morning report still lists it).
 */
export async function settleUnworkable(
  deps: Pick<ActionsNightDeps, "journal" | "clock" | "logger" | "targetOf" | "onChange">,
  run: JournalRun,
  reason: string,
): Promise<RunOutcome> {
  deps.logger.warn({ run: run.id, reason }, "actions run cannot be collected");
  const now = deps.clock.now();
  const outcome: RunOutcome = {
    runId: run.id,
    task: run.task ?? placeholderTask(run),
    status: "failed",
    reason,
    gates: [],
    cost: { estimated: run.estimatedCost },
    startedAt: run.startedAt,
    durationMs: now.getTime() - Date.parse(run.startedAt),
  };
  const target = await deps.targetOf(run.repo);
  if (target === undefined) {
    deps.journal.advanceRun(run.id, "failed", now, { outcome });
    return outcome;
  }
  const config = await configOf({ ref: target.ref, github: target.github });
  const settled = await settleRun(deps, target.github, config, run.id, outcome);
  deps.onChange?.(run.repo);
  return settled;
}
