import { findRunByTitle } from "../backends/actions/find-run.js";
import type { RunOutcome } from "../run/outcome.js";
import type { Dispatch, JournalRun } from "../store/journal.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { recorder } from "./actions-dispatch.js";
import { settleUnworkable } from "./actions-unworkable.js";
import { placeholderTask } from "./placeholder-task.js";

/** Looks for the run before giving up on it: about half a minute, as a resumed dispatch does. */
const ATTEMPTS = 6;

/** Why an unsent dispatch settled; said in the morning report, so no error text is quoted. */
function reasonOf(dispatch: Dispatch): string {
  return dispatch.dispatchError !== null
    ? `the dispatch request failed (${dispatch.dispatchError}) and GitHub made no run of it; queued again`
    : "a /skip or /hold came before the run was dispatched, and GitHub made no run of it";
}

/**
 * A dispatch that is not sent again: its request failed in its process (a 5xx or the network,
 * after the retries), or a `/skip` or `/hold` asked to cancel it before GitHub named its run.
 * GitHub may have made the run all the same, so it is looked for by its title: found, it is
 * recorded as any dispatch (and cancelled when that was asked); not found, the row is settled
 * as interrupted, having spent nothing, and a later cycle may dispatch the task afresh (a new
 * attempt, under a new title). Either way nothing is dispatched twice under one title.
 */
export async function resolveUnsentDispatch(
  deps: ActionsNightDeps,
  dispatch: Dispatch,
  run: JournalRun,
): Promise<void> {
  const target = await deps.targetOf(run.repo);
  if (target === undefined) {
    await settleUnworkable(deps, run, `${run.repo} is no longer installed`);
    return;
  }
  const found = await findRunByTitle({
    port: target.actions,
    repo: target.ref,
    workflow: dispatch.workflow,
    task: dispatch.taskId,
    since: new Date(dispatch.since),
    attempts: ATTEMPTS,
    wait: (ms) => deps.wait(ms),
  });
  if (found !== undefined) {
    deps.logger.warn({ run: run.id, actionsRunId: found.id }, "found an unsent dispatch's run");
    await recorder(deps, run.id, run.estimatedCost, target)(found.id, found.headSha);
    return;
  }
  const now = deps.clock.now();
  const outcome: RunOutcome = {
    runId: run.id,
    task: run.task ?? placeholderTask(run),
    status: "interrupted",
    reason: reasonOf(dispatch),
    gates: [],
    cost: { estimated: run.estimatedCost },
    startedAt: run.startedAt,
    durationMs: now.getTime() - Date.parse(run.startedAt),
  };
  deps.logger.warn({ run: run.id, reason: outcome.reason }, "settled an unsent dispatch");
  deps.journal.advanceRun(run.id, "interrupted", now, { outcome });
  deps.onChange?.(run.repo);
}
