import { splitArgs } from "../config/argv.js";
import type { Task } from "../queue/task.js";
import { commitChange } from "../runner/commit-change.js";
import { runGates } from "../runner/gates.js";
import type { Workspace } from "../runner/workspace.js";
import type { RunSandbox } from "../sandbox/run-sandbox.js";
import { acceptChange } from "./accept-change.js";
import { pushIssueBranch } from "./push-issue-branch.js";
import type { RunOutcome } from "./outcome.js";
import { publishPull } from "./publish.js";
import type { RunContext } from "./run-context.js";
import type { RunDeps, RunScope } from "./run-task.js";

export interface ShipInput {
  scope: RunScope;
  workspace: Workspace;
  env: Record<string, string>;
  /** The run's boundary: the gates run the repository's code, so they run inside it too. */
  sandbox: RunSandbox;
  /** What the agent step already knows: log, summary, cost. */
  ran: Pick<RunOutcome, "logFile" | "agentSummary" | "cost">;
  /** A git token for this run, re-minted when old (see tokenProvider). */
  token: () => Promise<string>;
}

/** The web server a clone URL lives on (`https://github.com`, a GHE host); none for a path. */
function serverUrlOf(cloneUrl: string): string | undefined {
  try {
    const { origin } = new URL(cloneUrl);
    // `file:` and other local URLs have the opaque origin "null".
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Gates → accept again → commit → push → PR. The change was accepted before the gates; it is
 * read and checked again after them (gates run the agent's code), and that is what is committed. The gates decide a ready PR, a draft PR or no PR. Idempotent: a
 * rerun reuses the issue's branch and its open PR; a branch a human pushed to, or whose PR was
 * closed unmerged, is left as it is and reported.
 */
export async function shipChanges(
  deps: Pick<RunDeps, "clock" | "host" | "identity" | "sessionId">,
  task: Task,
  ctx: RunContext,
  { scope, workspace, env, sandbox, ran, token }: ShipInput,
): Promise<RunOutcome> {
  const gates = await runGates(
    ctx.config.gates.map((gate) => ({
      name: gate.name,
      run: typeof gate.run === "string" ? splitArgs(gate.run) : gate.run,
      timeoutMinutes: gate.timeoutMinutes,
      network: gate.network,
    })),
    {
      cwd: workspace.dir,
      env,
      wrap: (argv, gateEnv, network) => sandbox.command(argv, gateEnv, network),
      logDir: scope.logDir,
      logPrefix: scope.runId,
      maxLogBytes: deps.host.maxLogBytes,
    },
  );
  const failedGate = gates.find((gate) => !gate.passed);
  const gateFailure = failedGate ? `gate \`${failedGate.name}\` failed` : undefined;
  if (gateFailure && ctx.config.pullRequests.onGateFailure === "none") {
    return scope.finish({ status: "failed", reason: gateFailure, gates, ...ran });
  }

  await workspace.reclaim(); // the gates ran the repository's code in the worktree
  const accepted = await acceptChange(workspace, ctx.config.changes);
  if (accepted.kind === "no-change") {
    return scope.finish({
      status: "no-change",
      reason: "the agent changed nothing",
      gates,
      ...ran,
    });
  }
  if (accepted.kind === "refused") {
    scope.log.warn({ violations: accepted.violations }, "change refused after the gates");
    return scope.finish({ status: "failed", reason: accepted.reason, gates, ...ran });
  }
  const sha = await commitChange({
    mirrorDir: workspace.mirrorDir,
    dir: workspace.dir,
    baseSha: workspace.baseSha,
    entries: accepted.entries,
    message: `${task.issue.title}\n\nAgent work for #${task.issue.number}, Nightshift session ${deps.sessionId}.`,
    identity: deps.identity,
    date: deps.clock.now(),
  });
  const pushed = await pushIssueBranch({
    github: ctx.github,
    task,
    remoteUrl: ctx.info.cloneUrl,
    token,
    mirrorDir: workspace.mirrorDir,
    baseSha: workspace.baseSha,
    identity: deps.identity,
    sha,
  });
  const { branch, openPull } = pushed.target;
  if (!pushed.ok) {
    scope.log.warn({ branch, reason: pushed.reason }, "not publishing");
    const pr = openPull && { number: openPull.number, url: openPull.url, draft: openPull.draft };
    return scope.finish({
      status: "failed",
      reason: pushed.reason,
      gates,
      branch,
      ...(pr ? { pr } : {}),
      ...ran,
    });
  }
  const { created, ...pr } = await publishPull(ctx.github, task, {
    branch,
    base: ctx.info.defaultBranch,
    draft: failedGate !== undefined,
    summary: ran.agentSummary ?? "",
    gates,
    durationMs: deps.clock.now().getTime() - scope.started.getTime(),
    sessionId: deps.sessionId,
    serverUrl: serverUrlOf(ctx.info.cloneUrl),
  });
  return scope.finish({
    status: gateFailure ? "failed" : "shipped",
    // A rerun updates the PR it finds as it is (GitHub's REST API cannot turn a ready PR into a draft).
    reason: gateFailure
      ? `${gateFailure}; ${created ? `${pr.draft ? "draft PR" : "PR"} opened` : `PR #${pr.number} updated`}`
      : undefined,
    pr,
    branch,
    gates,
    ...ran,
  });
}
