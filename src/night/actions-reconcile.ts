import { reconcileRuns } from "../backends/actions/reconcile.js";
import type { Dispatch } from "../store/journal.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { collectActionsRun } from "./actions-collect.js";
import { resumeDispatch } from "./actions-dispatch.js";
import { resolveUnsentDispatch } from "./actions-unsent.js";

/**
 * An unrecorded dispatch of a live process is left to it this long (a dispatch looks for its
 * run about a minute at most); after that, or at once when its process is gone, it is resumed.
 */
const UNRECORDED_GRACE_MS = 10 * 60_000;

function errorSaid(deps: ActionsNightDeps, dispatch: Dispatch) {
  return (error: unknown) => {
    deps.logger.error({ err: error, run: dispatch.runId }, "reconciling an actions run failed");
  };
}

/**
 * Every run on GitHub Actions the journal holds in flight, asked of GitHub directly: GitHub
 * never redelivers a lost webhook, so each cycle, the report pass and `run --now` while it
 * waits call this. A completed run is collected (claimed first: a webhook may be at it), a
 * deleted one settles as failed, one past its deadline or asked to cancel (`/skip`, `/hold`)
 * is cancelled (its `completed` comes later). An unrecorded dispatch whose request failed is
 * resolved at once (found by its title, or settled: `resolveUnsentDispatch`); one a dead
 * process left, or older than the grace, is resumed by its title — or, when a `/skip` or
 * `/hold` asked to cancel it, resolved without dispatching. One run's error is logged and
 * leaves the rest to go on.
 */
export async function reconcileActions(deps: ActionsNightDeps): Promise<void> {
  const { journal, clock } = deps;
  const inFlight = journal.dispatches.inFlight();
  const now = clock.now().getTime();
  const byRepo = new Map<string, Dispatch[]>();
  for (const dispatch of inFlight) {
    if (dispatch.actionsRunId !== null) {
      byRepo.set(dispatch.repo, [...(byRepo.get(dispatch.repo) ?? []), dispatch]);
      continue;
    }
    const run = journal.getRun(dispatch.runId);
    if (run === null) continue;
    const stale = now - Date.parse(dispatch.since) > UNRECORDED_GRACE_MS;
    const abandoned = stale || !deps.isOwnerAlive(run.ownerId);
    if (dispatch.dispatchError !== null || (abandoned && dispatch.cancelRequestedAt !== null)) {
      await resolveUnsentDispatch(deps, dispatch, run).catch(errorSaid(deps, dispatch));
    } else if (abandoned) {
      await resumeDispatch(deps, dispatch, run).catch(errorSaid(deps, dispatch));
    }
  }
  for (const [repo, dispatches] of byRepo) {
    const target = await deps.targetOf(repo);
    if (target === undefined) {
      for (const dispatch of dispatches) {
        await collectActionsRun(deps, dispatch).catch(errorSaid(deps, dispatch));
      }
      continue;
    }
    const states = await reconcileRuns(
      target.actions,
      clock,
      dispatches.map((dispatch) => ({
        repo: target.ref,
        runId: dispatch.actionsRunId ?? 0,
        task: dispatch.runId,
        // A run a `/skip` or `/hold` asked to cancel is cancelled as one past its deadline.
        deadline: new Date(dispatch.cancelRequestedAt ?? dispatch.deadline),
      })),
    );
    for (const { run, state } of states) {
      if (state.kind !== "completed" && state.kind !== "gone") continue;
      const dispatch = dispatches.find((d) => d.runId === run.task);
      if (dispatch) await collectActionsRun(deps, dispatch).catch(errorSaid(deps, dispatch));
    }
  }
}
