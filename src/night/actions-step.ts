import type { BackendChoice } from "../backends/choose.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import type { RunOutcome } from "../run/outcome.js";
import { repoFullName } from "../types.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { dispatchActionsRun, type DispatchDeps } from "./actions-dispatch.js";
import { journaledPort } from "./journaled-port.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { roleLookup } from "./roles.js";
import type { RunOneDeps } from "./run-one.js";
import { openRun } from "./run-one.js";

export interface ActionsPick {
  task: Task;
  plan: RepoPlan;
  choice: Extract<BackendChoice, { kind: "actions" }>;
  skip: (reason: SkipReason) => void;
}

/**
 * The run step for the tasks routed to GitHub Actions: each is journaled and dispatched in
 * turn, holding no local slot; `backends.actions.maxConcurrent` bounds the jobs in flight over
 * every repository (those of earlier cycles count), and a task beyond it waits for a later
 * cycle. Returns the outcomes settled now (refused dispatches); dispatched runs are collected
 * later. A dispatch that throws (a 5xx or the network, after the retries) is noted on its row
 * (`dispatchActionsRun`): the next reconcile pass finds its run by title, or settles it so a
 * later cycle dispatches the task again (`resolveUnsentDispatch`).
 */
export async function dispatchPicks(
  deps: RunOneDeps & DispatchDeps & Pick<ActionsNightDeps, "logger">,
  picks: readonly ActionsPick[],
  closesAt?: Date,
): Promise<RunOutcome[]> {
  const { journal, host } = deps;
  const limit = host.backends.actions.maxConcurrent;
  const settled: RunOutcome[] = [];
  for (const pick of picks) {
    const { task, plan } = pick;
    const { target, config, info } = plan;
    if (journal.dispatches.inFlight().length >= limit) {
      pick.skip({ kind: "actions-busy", limit });
      continue;
    }
    if (!config || !info) throw new Error("a picked task always has a planned repository");
    if (target.actions === undefined) {
      throw new Error(`no GitHub Actions port for ${repoFullName(target.ref)}`);
    }
    const id = openRun(deps, task);
    try {
      const outcome = await dispatchActionsRun(
        { ...deps, runDeps: deps },
        { ref: target.ref, github: target.github, actions: target.actions },
        task,
        {
          github: journaledPort(target.github, journal, id, deps.clock, deps.crashAt),
          info,
          config,
          roleOf: roleLookup(target.github, task.repo, deps.logger),
          runId: id,
        },
        pick.choice,
        closesAt,
      );
      if (outcome) settled.push(outcome);
      deps.onChange?.(repoFullName(task.repo));
    } catch (error) {
      deps.logger.error({ err: error, run: id }, "dispatch failed; the reconciler resolves it");
    }
  }
  return settled;
}
