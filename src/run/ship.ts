import type { Task } from "../queue/task.js";
import type { ChangeEntry } from "../runner/change-set.js";
import { commitChange } from "../runner/commit-change.js";
import type { Workspace } from "../runner/workspace.js";
import type { RunContext, RunDeps, RunScope } from "./context.js";
import type { RunOutcome } from "./outcome.js";
import { publishPull } from "./publish.js";
import { pushIssueBranch } from "./push-issue-branch.js";
import type { ExecuteResult } from "./result.js";
import type { FollowUpBase } from "./follow-up.js";
import { shipFollowUp } from "./ship-follow-up.js";

export interface ShipInput {
  scope: RunScope;
  workspace: Workspace;
  /** The accepted change: exactly what is committed. */
  entries: ChangeEntry[];
  executed: ExecuteResult;
  /** What the outcome carries from the agent step: log, summary, cost. */
  ran: Pick<RunOutcome, "logFile" | "agentSummary" | "cost" | "egressRefused">;
  token: () => Promise<string>;
  /** A follow-up run: its commit goes on this pull request's branch, never a new PR. */
  followUp?: FollowUpBase;
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
 * Step 4, the bot's: commit the accepted change (built in the mirror from the files as data),
 * push the issue's branch and open or update its PR; a failed gate makes it a draft. Idempotent:
 * a rerun reuses the issue's branch and its open PR; a branch a human pushed to, or whose PR was
 * closed unmerged, is left as it is and reported.
 */
export async function shipChange(
  deps: Pick<RunDeps, "clock" | "identity" | "sessionId">,
  task: Task,
  ctx: RunContext,
  input: ShipInput,
): Promise<RunOutcome> {
  if (input.followUp) return shipFollowUp(deps, task, ctx, input.followUp, input);
  const { scope, workspace, entries, executed, ran, token } = input;
  const { gates } = executed;
  const failedGate = gates.find((gate) => !gate.passed);
  const gateFailure = failedGate ? `gate \`${failedGate.name}\` failed` : undefined;
  const sha = await commitChange({
    mirrorDir: workspace.mirrorDir,
    dir: workspace.dir,
    baseSha: workspace.baseSha,
    entries,
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
