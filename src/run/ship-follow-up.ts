import { pushBranch } from "../github/git.js";
import type { Task } from "../queue/task.js";
import { commitChange } from "../runner/commit-change.js";
import type { RunContext, RunDeps } from "./context.js";
import type { FollowUpBase } from "./follow-up.js";
import type { RunOutcome } from "./outcome.js";
import type { ShipInput } from "./ship.js";

/**
 * Step 4 of a follow-up run: one more commit on the pull request's branch, on top of the tip
 * the run started from, pushed without force: only a fast-forward lands. When the branch moved
 * meanwhile (someone pushed), the remote refuses and the run fails saying so; nothing is
 * overwritten. No pull request is opened: the one that exists gets the commit.
 */
export async function shipFollowUp(
  deps: Pick<RunDeps, "clock" | "identity" | "sessionId">,
  task: Task,
  ctx: RunContext,
  followUp: FollowUpBase,
  { scope, workspace, entries, executed, ran, token }: ShipInput,
): Promise<RunOutcome> {
  const { gates } = executed;
  const { branch } = followUp;
  const pr = { number: followUp.pull.number, url: followUp.pull.url, draft: followUp.pull.draft };
  const sha = await commitChange({
    mirrorDir: workspace.mirrorDir,
    dir: workspace.dir,
    baseSha: workspace.baseSha,
    entries,
    message: `Address the review of #${pr.number}\n\nFollow-up agent work for #${task.issue.number}, Nightshift session ${deps.sessionId}.`,
    identity: deps.identity,
    date: deps.clock.now(),
  });
  scope.hooks.beforeFollowUpPush?.();
  const pushed = await pushBranch({
    mirrorDir: workspace.mirrorDir,
    remoteUrl: ctx.info.cloneUrl,
    token: await token(),
    branch,
    sha,
    force: false,
  });
  if (!pushed.ok) {
    const reason =
      pushed.reason === "rejected"
        ? `branch \`${branch}\` moved since the follow-up started and cannot be fast-forwarded; nothing was pushed`
        : `push of ${branch} ${pushed.reason}: ${pushed.message}`;
    scope.log.warn({ branch, reason }, "follow-up not pushed");
    return scope.finish({ status: "failed", reason, gates, branch, pr, ...ran });
  }
  const failedGate = gates.find((gate) => !gate.passed);
  return scope.finish({
    status: failedGate ? "failed" : "shipped",
    reason: failedGate ? `gate \`${failedGate.name}\` failed on the follow-up commit` : undefined,
    followUp: true,
    pr,
    branch,
    gates,
    ...ran,
  });
}
