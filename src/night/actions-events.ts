import type { RunEvent } from "../backends/actions/run-events.js";
import type { ActionsPort } from "../github/port.js";
import type { RepoRef } from "../types.js";
import type { ActionsNightDeps, ActionsTarget } from "./actions-deps.js";
import { collectActionsRun } from "./actions-collect.js";

/** What the app's `workflow_run` and `workflow_job` handlers call. */
export interface ActionsEvents {
  onRunEvent(event: RunEvent, target: ActionsTarget): Promise<void>;
  /**
   * `/skip` or `/hold` on an issue: cancels its runs in flight on GitHub Actions (the journal's
   * dispatches with a run id) and returns their Actions run ids. The cancelled run is then
   * collected as any other, as failed ("the workflow run was cancelled").
   */
  cancelIssueRuns(ref: RepoRef, issue: number, actions: ActionsPort): Promise<number[]>;
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
      const repo = `${ref.owner}/${ref.repo}`;
      const cancelled: number[] = [];
      for (const dispatch of deps.journal.dispatches.inFlight()) {
        const runId = dispatch.actionsRunId;
        if (dispatch.repo !== repo || runId === null) continue;
        if (deps.journal.getRun(dispatch.runId)?.issue !== issue) continue;
        const state = await actions.cancelWorkflowRun(ref, runId);
        deps.logger.info({ run: dispatch.runId, actionsRunId: runId, state }, "cancel asked");
        if (state === "cancelling") cancelled.push(runId);
      }
      return cancelled;
    },
  };
}
