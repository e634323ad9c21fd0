import type { BackendChoice } from "../backends/choose.js";
import { chooseBackend } from "../backends/choose.js";
import { startActionsRun, type ActionsStarted } from "../backends/actions/start.js";
import type { Task } from "../queue/task.js";
import type { RunContext, RunDeps } from "../run/context.js";
import type { RunOutcome } from "../run/outcome.js";
import type { Dispatch, Journal, JournalRun } from "../store/journal.js";
import type { Clock, Logger } from "../types.js";
import type { ActionsNightDeps, ActionsTarget } from "./actions-deps.js";
import { actionsRunScene } from "./actions-context.js";
import { settleRun } from "./settle.js";
import { settleUnworkable } from "./actions-unworkable.js";

type ActionsChoice = Extract<BackendChoice, { kind: "actions" }>;

/** How far back a task's runs are looked for: GitHub's clock and ours may disagree. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Beyond the job's own timeout, how long a run may wait for a runner before it is cancelled. */
const QUEUE_MARGIN_MS = 60 * 60_000;

/** The task id a run is dispatched under (its `run-name`): the journal's run id, as a title. */
export const taskIdOf = (runId: string): string =>
  runId
    .replace(/[^A-Za-z0-9._:-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 100);

/** When the bot cancels a run: the job's timeout plus a queueing margin, or the window's end. */
export function deadlineOf(now: Date, timeoutMinutes: number, closesAt?: Date): Date {
  const latest = new Date(now.getTime() + timeoutMinutes * 60_000 + QUEUE_MARGIN_MS);
  return closesAt !== undefined && closesAt < latest ? closesAt : latest;
}

export interface DispatchDeps {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  quota: ActionsNightDeps["quota"];
  wait: (ms: number) => Promise<void>;
  /** Tests only: the bot is killed after GitHub took the dispatch, before the journal heard. */
  crashAfterDispatch?: () => void;
}

/**
 * The journal hears of the run first thing, in one step each: its Actions run id and base,
 * then its spend (a run on Actions spends as it is dispatched, as a local run as its agent
 * starts; counted once however often this is called). A `/skip` or `/hold` that came before
 * GitHub named the run is read after the id is written (`cancelIssueRuns` writes its ask, then
 * reads the id: one of the two sees the other) and cancels it now; should that request fail,
 * the reconciler cancels it (a run asked to cancel is treated as past its deadline).
 */
export function recorder(deps: DispatchDeps, id: string, cost: number, target: ActionsTarget) {
  return async (actionsRunId: number, base: string): Promise<void> => {
    deps.crashAfterDispatch?.();
    deps.journal.dispatches.record(id, actionsRunId, base);
    const at = deps.clock.now();
    deps.journal.startAgent(id, at, cost);
    await deps.quota.record({ runId: id, at, amount: cost });
    if ((deps.journal.dispatches.get(id)?.cancelRequestedAt ?? null) === null) return;
    const state = await target.actions
      .cancelWorkflowRun(target.ref, actionsRunId)
      .catch((error: unknown) => {
        deps.logger.warn({ err: error, run: id }, "cancel failed; the reconciler asks again");
        return "failed";
      });
    deps.logger.info({ run: id, actionsRunId, state }, "cancelled a run skipped while dispatched");
  };
}

/** A failed request in a few words for the report: its status, never its message (URLs). */
function failureOf(error: unknown): string {
  const status =
    typeof error === "object" && error !== null && "status" in error ? error.status : undefined;
  return typeof status === "number" ? `HTTP ${String(status)}` : "no answer from GitHub";
}

/** What a dispatch came to: in flight (collected later), or an outcome to settle now. */
type DispatchResult = { kind: "in-flight" } | { kind: "refused"; reason: string };

function resultOf(started: ActionsStarted): DispatchResult {
  return started.kind === "refused"
    ? { kind: "refused", reason: started.reason }
    : { kind: "in-flight" };
}

const failed = (task: Task, reason: string, startedAt: Date): RunOutcome => ({
  task,
  status: "failed",
  reason,
  gates: [],
  cost: { estimated: task.cost },
  startedAt: startedAt.toISOString(),
  durationMs: 0,
});

/**
 * The `actions` backend's run step for a journaled run (`id`, already `running`): the dispatch
 * is written to the journal before it is sent (`begin`), and its run id the moment GitHub names
 * it, so a crash in between is resumed by looking for the run by its title, never by a second
 * dispatch. A refused dispatch (no workflow, a closed PR, a prompt too long) settles the run as
 * failed, with the reason, like any run; a dispatched one is left in flight for its
 * `workflow_run` webhook or the reconciler. A dispatch that throws is noted on its row (the
 * next reconcile pass resolves it: `resolveUnsentDispatch`) and the error thrown on.
 */
export async function dispatchActionsRun(
  deps: DispatchDeps & { runDeps: RunDeps; host: RunDeps["host"] },
  target: ActionsTarget,
  task: Task,
  ctx: RunContext,
  choice: ActionsChoice,
  closesAt?: Date,
): Promise<RunOutcome | null> {
  const { journal, clock } = deps;
  const id = ctx.runId;
  const now = clock.now();
  const since = new Date(now.getTime() - CLOCK_SKEW_MS);
  journal.dispatches.begin({
    runId: id,
    taskId: taskIdOf(id),
    repo: `${target.ref.owner}/${target.ref.repo}`,
    workflow: choice.workflow,
    since: since.toISOString(),
    deadline: deadlineOf(now, choice.timeoutMinutes, closesAt).toISOString(),
    maxArtifactBytes: choice.maxArtifactBytes,
    facts: { info: ctx.info, config: ctx.config },
  });
  const result = await startActionsRun(deps.runDeps, task, ctx, {
    port: target.actions,
    choice,
    actions: deps.host.backends.actions,
    taskId: taskIdOf(id),
    since,
    record: recorder(deps, id, task.cost, target),
    wait: deps.wait,
  }).then(resultOf, (error: unknown) => {
    // GitHub may or may not have made the run: the next reconcile pass finds out.
    journal.dispatches.noteDispatchError(id, failureOf(error));
    throw error;
  });
  if (result.kind === "in-flight") return null;
  return settleRun(deps, target.github, ctx.config, id, failed(task, result.reason, now));
}

/**
 * A dispatch a dead process began but never recorded (killed between GitHub's answer and the
 * journal's write, or before it sent anything): looked for by its title, longer than usual, and
 * adopted when found; dispatched only when GitHub has no run of that title. The run keeps its
 * id, its task id and its deadline.
 */
export async function resumeDispatch(
  deps: ActionsNightDeps,
  dispatch: Dispatch,
  run: JournalRun,
): Promise<void> {
  const scene = await actionsRunScene(deps, run, dispatch.facts);
  if (typeof scene === "string") {
    await settleUnworkable(deps, run, scene);
    return;
  }
  const { task, target, config, ctx } = scene;
  const choice = chooseBackend(task, config, deps.host);
  const runDeps = await deps.runDeps(run.sessionId);
  const started: ActionsStarted =
    choice.ok && choice.kind === "actions"
      ? await startActionsRun(runDeps, task, ctx, {
          port: target.actions,
          choice: { ...choice, workflow: dispatch.workflow },
          actions: deps.host.backends.actions,
          taskId: dispatch.taskId,
          since: new Date(dispatch.since),
          record: recorder(deps, run.id, task.cost, target),
          maybeDispatched: true,
          wait: (ms) => deps.wait(ms),
        })
      : {
          kind: "refused",
          reason: choice.ok ? "the task no longer runs on Actions" : choice.reason,
        };
  deps.logger.warn({ run: run.id, started: started.kind }, "resumed an unrecorded dispatch");
  const result = resultOf(started);
  if (result.kind === "refused") {
    const outcome = failed(task, result.reason, new Date(run.startedAt));
    await settleRun(deps, target.github, config, run.id, outcome);
    deps.onChange?.(run.repo);
  }
}
