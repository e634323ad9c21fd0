import { finishActionsRun } from "../backends/actions/finish.js";
import type { RunOutcome } from "../run/outcome.js";
import type { Dispatch } from "../store/journal.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { learnFrom } from "./learn-from.js";
import { actionsRunScene } from "./actions-context.js";
import { settleUnworkable } from "./actions-unworkable.js";
import { settleRun } from "./settle.js";

export type ActionsCollected =
  /** Someone else is collecting it, or it is no longer in flight: nothing was done. */
  { kind: "held" } | { kind: "running"; status: string } | { kind: "settled"; outcome: RunOutcome };

/**
 * Collects a run on GitHub Actions once: claims it in the journal (a duplicate webhook, or a
 * webhook racing the reconciler, gets nothing to do), then `finishActionsRun` (download,
 * apply, accept, ship as the bot) and the same ending as a local run: the outcome journaled,
 * labels and the comment, the final state. A run still going is released for the
 * next webhook or reconcile; an error releases it too (and is thrown), so nothing is lost.
 */
export async function collectActionsRun(
  deps: ActionsNightDeps,
  dispatch: Dispatch,
): Promise<ActionsCollected> {
  const { journal, clock } = deps;
  const { actionsRunId, base } = dispatch;
  if (actionsRunId === null || base === null) return { kind: "held" };
  if (!journal.dispatches.claim(dispatch.runId, deps.ownerId, clock.now(), deps.isOwnerAlive)) {
    return { kind: "held" };
  }
  try {
    const run = journal.getRun(dispatch.runId);
    if (run === null) {
      deps.logger.warn({ run: dispatch.runId }, "the journal lost this actions run");
      return { kind: "held" };
    }
    const scene = await actionsRunScene(deps, run, dispatch.facts);
    if (typeof scene === "string") {
      return { kind: "settled", outcome: await settleUnworkable(deps, run, scene) };
    }
    const { task, target, config, ctx } = scene;
    const finished = await finishActionsRun(await deps.runDeps(run.sessionId), task, ctx, {
      port: target.actions,
      runId: actionsRunId,
      base,
      maxArtifactBytes: dispatch.maxArtifactBytes,
      started: new Date(run.startedAt),
    });
    if (finished.kind === "running") {
      journal.dispatches.release(dispatch.runId);
      return finished;
    }
    const outcome = await settleRun(
      { ...deps, learn: (id, settled) => learnFrom(deps, id, settled, config) },
      target.github,
      config,
      run.id,
      finished.outcome,
    );
    deps.onChange?.(run.repo);
    return { kind: "settled", outcome };
  } catch (error) {
    journal.dispatches.release(dispatch.runId);
    throw error;
  }
}
