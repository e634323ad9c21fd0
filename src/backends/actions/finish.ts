import { join } from "node:path";
import type { ActionsPort } from "../../github/port.js";
import type { Task } from "../../queue/task.js";
import { acceptChange } from "../../run/accept.js";
import type { RunContext, RunDeps, RunScope } from "../../run/context.js";
import type { RunOutcome } from "../../run/outcome.js";
import { agentFailure, type ExecuteResult } from "../../run/result.js";
import { shipChange } from "../../run/ship.js";
import { tokenProvider } from "../../github/token-provider.js";
import type { Workspace } from "../../runner/workspace.js";
import { collectRun } from "./collect.js";
import { runFileStem } from "../../run/run-files.js";

export interface ActionsFinish {
  port: Pick<ActionsPort, "getWorkflowRun" | "listRunArtifacts" | "downloadArtifact">;
  runId: number;
  /** The base commit recorded with the run. */
  base: string;
  maxArtifactBytes: number;
  /** When the run was dispatched: the outcome's start. */
  started: Date;
}

export type ActionsFinished =
  { kind: "running"; status: string } | { kind: "finished"; outcome: RunOutcome };

function scopeOf(deps: RunDeps, task: Task, started: Date, runId: number): RunScope {
  const id = `${deps.sessionId}-${task.repo.owner}-${task.repo.repo}-${task.issue.number}`;
  return {
    runId: id,
    fileStem: runFileStem(id),
    hooks: {},
    started,
    logDir: join(deps.host.dataDir, "logs", deps.sessionId),
    log: deps.logger.child({ issue: task.issue.number, run: id, actionsRun: runId }),
    finish: (fields) => ({
      task,
      gates: [],
      cost: { estimated: task.cost },
      startedAt: started.toISOString(),
      durationMs: deps.clock.now().getTime() - started.getTime(),
      runId: id,
      ...fields,
    }),
  };
}

/** What the outcome carries from the job: its summary and cost, as a local run's. */
function ranOf(
  task: Task,
  result: ExecuteResult,
): Pick<RunOutcome, "agentSummary" | "cost" | "egressRefused"> {
  return {
    agentSummary: result.agent.summary,
    cost: { estimated: task.cost, turns: result.agent.cost.turns, usd: result.agent.cost.usd },
    ...(result.egressRefused ? { egressRefused: result.egressRefused } : {}),
  };
}

/**
 * The actions backend's collect, accept and ship, on the bot: once the run completed, its
 * result and change come back through `collectRun` into a fresh worktree at the dispatched
 * base, and from there on it is a local run's ending — the accept step judges the files, a
 * failed gate makes a draft (or nothing), `shipChange` commits as the bot, pushes, opens or
 * updates the issue's one pull request. A run still going is left for its webhook or the
 * reconciler.
 */
export async function finishActionsRun(
  deps: RunDeps,
  task: Task,
  ctx: RunContext,
  finish: ActionsFinish,
): Promise<ActionsFinished> {
  const scope = scopeOf(deps, task, finish.started, finish.runId);
  const token = tokenProvider(() => ctx.github.gitToken(task.repo, { fresh: true }), deps.clock);
  let workspace: Workspace | undefined;
  const prepare = async () => {
    workspace ??= await deps.prepareWorkspace({
      repoFullName: `${task.repo.owner}/${task.repo.repo}`,
      cloneUrl: ctx.info.cloneUrl,
      defaultBranch: ctx.info.defaultBranch,
      token: await token(),
      runId: scope.runId,
      headSha: finish.base,
    });
    return workspace;
  };
  let keepWorkspace = true;
  try {
    const collected = await collectRun({
      port: finish.port,
      repo: task.repo,
      runId: finish.runId,
      workspace: prepare,
      base: finish.base,
      limits: ctx.config.changes,
      gates: ctx.config.gates,
      maxArtifactBytes: finish.maxArtifactBytes,
    });
    if (collected.kind === "running") return collected;
    if (collected.kind === "failed") {
      scope.log.warn({ reason: collected.reason }, "actions run failed");
      const ran = collected.result
        ? { ...ranOf(task, collected.result), gates: collected.result.gates }
        : {};
      return {
        kind: "finished",
        outcome: scope.finish({ status: "failed", reason: collected.reason, ...ran }),
      };
    }
    const { result } = collected;
    const ran = ranOf(task, result);
    const { gates } = result;
    if (result.agent.status !== "succeeded") {
      return {
        kind: "finished",
        outcome: scope.finish({ status: "failed", reason: agentFailure(result.agent), ...ran }),
      };
    }
    const noChange = () => {
      keepWorkspace = false;
      return scope.finish({
        status: "no-change",
        reason: "the agent changed nothing",
        gates,
        ...ran,
      });
    };
    if (collected.change === "none") return { kind: "finished", outcome: noChange() };
    const ws = await prepare();
    const accepted = await acceptChange(ws, ctx.config.changes);
    if (accepted.kind === "no-change") return { kind: "finished", outcome: noChange() };
    if (accepted.kind === "refused") {
      scope.log.warn({ violations: accepted.violations }, "change refused");
      return {
        kind: "finished",
        outcome: scope.finish({ status: "failed", reason: accepted.reason, gates, ...ran }),
      };
    }
    const failedGate = gates.find((gate) => !gate.passed);
    if (failedGate && ctx.config.pullRequests.onGateFailure === "none") {
      const reason = `gate \`${failedGate.name}\` failed`;
      return {
        kind: "finished",
        outcome: scope.finish({ status: "failed", reason, gates, ...ran }),
      };
    }
    const shipped = await shipChange(deps, task, ctx, {
      scope,
      workspace: ws,
      entries: accepted.entries,
      executed: result,
      ran,
      token,
    });
    keepWorkspace = shipped.status !== "shipped";
    return { kind: "finished", outcome: shipped };
  } finally {
    const made = workspace;
    if (made !== undefined && !keepWorkspace) {
      await made.remove().catch((error: unknown) => {
        scope.log.warn({ err: error }, "workspace cleanup failed");
      });
    }
  }
}
