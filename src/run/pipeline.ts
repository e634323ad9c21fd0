import { join } from "node:path";
import type { Task } from "../queue/task.js";
import { acceptChange } from "./accept.js";
import type { RunContext, RunDeps, RunScope } from "./context.js";
import { executeLocally } from "./execute.js";
import type { RunOutcome } from "./outcome.js";
import { prepareRun } from "./prepare.js";
import { runFileStem } from "./run-files.js";
import { agentFailure } from "./result.js";
import { shipChange } from "./ship.js";

function runScope(deps: RunDeps, task: Task, ctx: RunContext): RunScope {
  const started = deps.clock.now();
  const { runId } = ctx;
  return {
    runId,
    fileStem: runFileStem(runId),
    hooks: ctx.hooks ?? {},
    started,
    logDir: join(deps.host.dataDir, "logs", deps.sessionId),
    log: deps.logger.child({ issue: task.issue.number, run: runId }),
    finish: (fields) => ({
      task,
      runId,
      gates: [],
      cost: { estimated: task.cost },
      startedAt: started.toISOString(),
      durationMs: deps.clock.now().getTime() - started.getTime(),
      ...fields,
    }),
  };
}

/**
 * One run, as four one-way steps: prepare (the bot: agent, branch, workspace, prompt, sandbox)
 * → execute (untrusted: agent and gates in the sandbox → a result, and the worktree's change)
 * → accept (the bot: the change read and validated as data) → ship (the bot: commit, push, PR).
 * Never throws for the task's own failures: they come back as a failed outcome.
 */
export async function runTask(deps: RunDeps, task: Task, ctx: RunContext): Promise<RunOutcome> {
  const scope = runScope(deps, task, ctx);
  const preparation = await prepareRun(deps, task, ctx, scope);
  if (!preparation.ok) return preparation.outcome;
  // Nothing is spent before this point: a run that failed to prepare never started an agent.
  await scope.hooks.beforeAgent?.();
  const { prepared } = preparation;
  const { workspace } = prepared;
  const accept = async () => {
    // Nothing the untrusted code left in git's files is read by the bot's git from here on.
    await workspace.reclaim();
    return acceptChange(workspace, ctx.config.changes);
  };
  let keepWorkspace = true;
  try {
    const executed = await executeLocally(deps, prepared, ctx.config, scope, {
      worthChecking: async () => (await accept()).kind === "change",
    });
    await prepared.proxy?.close();
    const ran = {
      logFile: prepared.logFile,
      agentSummary: executed.agent.summary,
      cost: {
        estimated: task.cost,
        turns: executed.agent.cost.turns,
        usd: executed.agent.cost.usd,
      },
      ...(executed.egressRefused ? { egressRefused: executed.egressRefused } : {}),
    };
    if (executed.agent.status !== "succeeded") {
      return scope.finish({ status: "failed", reason: agentFailure(executed.agent), ...ran });
    }
    const { gates } = executed;
    const accepted = await accept();
    if (accepted.kind === "no-change") {
      keepWorkspace = false;
      return scope.finish({
        status: "no-change",
        reason: "the agent changed nothing",
        gates,
        ...ran,
      });
    }
    if (accepted.kind === "refused") {
      scope.log.warn({ violations: accepted.violations }, "change refused");
      return scope.finish({ status: "failed", reason: accepted.reason, gates, ...ran });
    }
    const failedGate = gates.find((gate) => !gate.passed);
    if (failedGate && ctx.config.pullRequests.onGateFailure === "none") {
      const reason = `gate \`${failedGate.name}\` failed`;
      return scope.finish({ status: "failed", reason, gates, ...ran });
    }
    const shipped = await shipChange(deps, task, ctx, {
      scope,
      workspace,
      entries: accepted.entries,
      executed,
      ran,
      token: prepared.token,
      ...(prepared.followUp ? { followUp: prepared.followUp } : {}),
    });
    keepWorkspace = shipped.status !== "shipped";
    return shipped;
  } finally {
    await prepared.proxy?.close();
    // A failed run keeps its worktree for diagnosis, reclaimed so later fetches and runs work.
    await workspace.reclaim().catch((error: unknown) => {
      scope.log.warn({ err: error }, "reclaiming the workspace failed");
    });
    if (!keepWorkspace) {
      await workspace.remove().catch((error: unknown) => {
        scope.log.warn({ err: error }, "workspace cleanup failed");
      });
    }
  }
}
