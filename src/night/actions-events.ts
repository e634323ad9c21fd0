import type { RunEvent } from "../backends/actions/run-events.js";
import type { ActionsPort } from "../github/port.js";
import type { RepoRef } from "../types.js";
import type { ActionsNightDeps, ActionsTarget } from "./actions-deps.js";
import { collectActionsRun } from "./actions-collect.js";

/** What a `/skip` or `/hold` did to an issue's runs on GitHub Actions. */
export interface IssueRunsCancelled {
  /** The Actions run ids GitHub is cancelling now. */
  cancelled: number[];
  /** Dispatches GitHub has not named a run for yet: each is cancelled once its id is learned. */
  pending: number;
}

/** What the app's `workflow_run` and `workflow_job` handlers call. */
export interface ActionsEvents {
  onRunEvent(event: RunEvent, target: ActionsTarget): Promise<void>;
  /**
   * `/skip` or `/hold` on an issue: asks the journal to cancel each of its dispatches in flight
   * (kept on the row), and cancels those GitHub has named a run for. A dispatch without a run
   * id yet (a GHES 204, or the moment between GitHub's answer and the journal's write) is
   * cancelled by whoever learns its id: the dispatch's answer or the reconciler's look by title.
   * A cancelled run is then collected as any other, as failed ("the workflow run was cancelled").
   */
  cancelIssueRuns(ref: RepoRef, issue: number, actions: ActionsPort): Promise<IssueRunsCancelled>;
}

/**
 * The webhooks of runs on GitHub Actions, over the journal: `workflow_run.completed` of a run
 * the journal holds in flight collects it (claimed first, so a duplicate delivery or the
 * reconciler racing it collects nothing twice); anything else — a run's or a job's progress,
 * another workflow's run, a run already collected — only tells the progress comment, or is
 * ignored. Nothing depends on these arriving: the reconciler asks GitHub the same.
 */
export function actionsEvents(deps: Omit<ActionsNightDeps, "targetOf">): ActionsEvents {
  return {
    async onRunEvent(event, target) {
      const dispatch = deps.journal.dispatches.byActionsRun(event.repo, event.runId);
      if (dispatch === null) {
        deps.logger.debug({ event: event.event, runId: event.runId }, "not a run in flight");
        return;
      }
      if (event.event !== "workflow_run" || event.action !== "completed") {
        deps.logger.debug(
          { run: dispatch.runId, status: event.status, event: event.event },
          "actions run progress",
        );
        return;
      }
      await collectActionsRun(
        { ...deps, targetOf: (repo) => Promise.resolve(repo === event.repo ? target : undefined) },
        dispatch,
      );
    },
    async cancelIssueRuns(ref, issue, actions) {
      const { journal } = deps;
      const repo = `${ref.owner}/${ref.repo}`;
      const result: IssueRunsCancelled = { cancelled: [], pending: 0 };
      for (const dispatch of journal.dispatches.inFlight()) {
        if (dispatch.repo !== repo || journal.getRun(dispatch.runId)?.issue !== issue) continue;
        // Asked first, then the id read again: a dispatch recording its id meanwhile reads the
        // ask after writing the id (actions-dispatch.ts), so one of the two cancels it.
        journal.dispatches.requestCancel(dispatch.runId, deps.clock.now());
        const runId = journal.dispatches.get(dispatch.runId)?.actionsRunId ?? null;
        if (runId === null) {
          deps.logger.info({ run: dispatch.runId }, "cancel asked before GitHub named the run");
          result.pending += 1;
          continue;
        }
        const state = await actions.cancelWorkflowRun(ref, runId);
        deps.logger.info({ run: dispatch.runId, actionsRunId: runId, state }, "cancel asked");
        if (state === "cancelling") result.cancelled.push(runId);
      }
      return result;
    },
  };
}
