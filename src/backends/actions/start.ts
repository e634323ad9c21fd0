import type { ActionsPort } from "../../github/port.js";
import type { Task } from "../../queue/task.js";
import { chooseAgent } from "../../run/agent-choice.js";
import { closedPullReason, findIssueBranch } from "../../run/branch-target.js";
import type { RunContext, RunDeps } from "../../run/context.js";
import type { BackendChoice } from "../choose.js";
import type { ActionsHostConfig } from "../../config/backends-schema.js";
import { dispatchRun } from "./dispatch.js";
import { buildJobRequest } from "./job-request.js";

export interface ActionsStart {
  port: Pick<ActionsPort, "dispatchWorkflow" | "listDispatchedRuns">;
  choice: Extract<BackendChoice, { kind: "actions" }>;
  actions: Pick<ActionsHostConfig, "sandbox" | "toolDirs">;
  /** The task's idempotency key (the journal's run id): the run's title. */
  taskId: string;
  /** When this task was first dispatched: older runs are not its runs. */
  since: Date;
  /** Records the run's id (and the base) against `taskId`, first thing. */
  record: (runId: number, base: string) => Promise<void>;
  /** A crash may have left a dispatch unrecorded: look longer before dispatching again. */
  maybeDispatched?: boolean;
  wait: (ms: number) => Promise<void>;
}

export type ActionsStarted =
  | { kind: "started"; runId: number; base: string; adopted: boolean }
  /** Dispatched (a 204) but not listed yet: recovery finds it by title. */
  | { kind: "unconfirmed"; base: string }
  | { kind: "refused"; reason: string };

/**
 * The actions backend's prepare step, on the bot: the agent, a closed pull request (which stops
 * the run before anything is spent), the base commit (the default branch's head), the job's
 * request, then the dispatch. No workspace and no sandbox here: both are the runner's. The
 * change comes back through `finishActionsRun`.
 */
export async function startActionsRun(
  deps: Pick<RunDeps, "host">,
  task: Task,
  ctx: RunContext,
  start: ActionsStart,
): Promise<ActionsStarted> {
  const agent = chooseAgent(task.category, ctx.config, deps.host);
  if (!agent.ok) return { kind: "refused", reason: agent.reason };
  const issueBranch = await findIssueBranch({
    github: ctx.github,
    task,
    remoteUrl: ctx.info.cloneUrl,
    token: await ctx.github.gitToken(task.repo),
  });
  const closed = closedPullReason(issueBranch.pulls);
  if (closed !== undefined) return { kind: "refused", reason: closed };
  const base = await ctx.github.getBranchHead(task.repo, ctx.info.defaultBranch);
  if (base === null)
    return {
      kind: "refused",
      reason: `the default branch ${ctx.info.defaultBranch} does not exist`,
    };
  const request = await buildJobRequest(task, ctx, {
    host: deps.host,
    actions: start.actions,
    agent: agent.agent,
    taskId: start.taskId,
    base,
    runsOn: start.choice.runsOn,
    timeoutMinutes: start.choice.timeoutMinutes,
  });
  const dispatched = await dispatchRun({
    port: start.port,
    repo: task.repo,
    workflow: start.choice.workflow,
    ref: ctx.info.defaultBranch,
    request,
    record: start.record,
    since: start.since,
    wait: start.wait,
    ...(start.maybeDispatched === undefined ? {} : { maybeDispatched: start.maybeDispatched }),
  });
  switch (dispatched.kind) {
    case "dispatched":
      return { kind: "started", runId: dispatched.runId, base, adopted: false };
    case "found":
      // An adopted run's base is its own head commit, whatever the branch holds now.
      return { kind: "started", runId: dispatched.runId, base: dispatched.headSha, adopted: true };
    case "unconfirmed":
      return { kind: "unconfirmed", base };
    case "failed":
      return { kind: "refused", reason: dispatched.reason };
  }
}
