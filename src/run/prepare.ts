import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AgentConfig } from "../config/host-schema.js";
import { tokenProvider } from "../github/token-provider.js";
import type { Task } from "../queue/task.js";
import { buildAgentInvocation, type AgentInvocation } from "../runner/agents.js";
import { buildPrompt } from "../runner/prompt.js";
import type { Workspace } from "../runner/workspace.js";
import { agentEgress, agentRoutes, agentSandbox } from "../sandbox/agent-policy.js";
import { openRunEgress, type RunEgress } from "../sandbox/run-egress.js";
import { SandboxError, type RunSandbox } from "../sandbox/run-sandbox.js";
import { chooseAgent } from "./agent-choice.js";
import { closedPullReason, findIssueBranch } from "./branch-target.js";
import type { RunContext, RunDeps, RunScope } from "./context.js";
import type { RunOutcome } from "./outcome.js";
import { followUpBase, type FollowUpBase } from "./follow-up.js";
import { contributionNotes, maintainerComments } from "./prompt-inputs.js";
import { reviewFeedback } from "../review/feedback.js";

/** Everything execute needs, made by the bot before any untrusted code runs. */
export interface Prepared {
  agent: AgentConfig;
  workspace: Workspace;
  /** A git token for this run, re-minted when old (see tokenProvider). */
  token: () => Promise<string>;
  logFile: string;
  sandbox: RunSandbox;
  /** The run's egress proxy (`allow` egress in a sandbox); closed when the run ends. */
  proxy?: RunEgress;
  invocation: AgentInvocation;
  /** A follow-up run: the open pull request whose branch the workspace is at. */
  followUp?: FollowUpBase;
}

export type Preparation = { ok: true; prepared: Prepared } | { ok: false; outcome: RunOutcome };

/**
 * Step 1, the bot's: the agent, the issue's branch (a closed PR stops the run before anything
 * is spent), the workspace at the default branch's head, the prompt (outside the worktree, so
 * it can never be committed), the egress proxy and the sandbox. A sandbox that cannot be built
 * fails the run with its reason and leaves nothing behind.
 */
export async function prepareRun(
  deps: RunDeps,
  task: Task,
  ctx: RunContext,
  scope: RunScope,
): Promise<Preparation> {
  const failed = (reason: string): Preparation => ({
    ok: false,
    outcome: scope.finish({ status: "failed", reason }),
  });
  const choice = chooseAgent(task.category, ctx.config, deps.host);
  if (!choice.ok) return failed(choice.reason);

  await mkdir(scope.logDir, { recursive: true });
  const token = tokenProvider(() => ctx.github.gitToken(task.repo, { fresh: true }), deps.clock);
  // Checked before the agent spends anything; checked again, with the branch's commits, at push.
  const issueBranch = await findIssueBranch({
    github: ctx.github,
    task,
    remoteUrl: ctx.info.cloneUrl,
    token: await token(),
  });
  const closed = closedPullReason(issueBranch.pulls);
  if (closed !== undefined) return failed(closed);
  // A follow-up builds on its pull request's branch, at the tip the remote has now.
  const base = task.followUp ? followUpBase(issueBranch) : undefined;
  if (base && !base.ok) return failed(base.reason);
  const followUp = base?.base;
  const repo = `${task.repo.owner}/${task.repo.repo}`;
  // The API's head lets a repository's later runs in a session skip the fetch; a failed read
  // only costs that shortcut.
  const headSha =
    followUp?.sha ??
    (await ctx.github.getBranchHead(task.repo, ctx.info.defaultBranch).catch(() => null));
  const workspace = await deps.prepareWorkspace({
    repoFullName: repo,
    cloneUrl: ctx.info.cloneUrl,
    defaultBranch: followUp?.branch ?? ctx.info.defaultBranch,
    token: await token(),
    // Worktrees outlive sessions: the session and the run's file stem name it, per attempt.
    runId: `${deps.sessionId}.${scope.fileStem}`,
    ...(headSha ? { headSha } : {}),
  });
  let proxy: RunEgress | undefined;
  try {
    const prompt = buildPrompt({
      repo,
      issue: task.issue,
      maintainerComments: await maintainerComments(task, ctx),
      contributing: await contributionNotes(workspace.dir),
      ...(followUp
        ? {
            review: {
              pull: followUp.pull.number,
              notes: await reviewFeedback({
                github: ctx.github,
                repo: task.repo,
                pull: followUp.pull.number,
                roleOf: ctx.roleOf,
                botLogin: deps.identity.name,
              }),
            },
          }
        : {}),
    });
    const promptFile = join(scope.logDir, `${scope.fileStem}.prompt.md`);
    await writeFile(promptFile, prompt);
    const logFile = join(scope.logDir, `${scope.fileStem}.agent.log`);
    const egress = agentEgress(choice.agent);
    if (egress.mode === "allow" && deps.isolation.level === "bubblewrap") {
      const routes = agentRoutes(choice.agent, deps.baseEnv);
      proxy = await openRunEgress({ hosts: egress.hosts, routes, logFile });
    }
    const sandbox = agentSandbox({
      isolation: deps.isolation,
      host: deps.host,
      agent: choice.agent,
      workspace,
      promptFile,
      egress,
      private: [process.cwd()],
      proxy,
    });
    const invocation = buildAgentInvocation(choice.agent, {
      prompt,
      promptFile: sandbox.promptPath,
      workspace: sandbox.worktree,
      issue: task.issue.number,
      repo,
      baseEnv: deps.baseEnv,
    });
    scope.log.info({ agent: choice.name, isolation: deps.isolation.level }, "run prepared");
    return {
      ok: true,
      prepared: {
        agent: choice.agent,
        workspace,
        token,
        logFile,
        sandbox,
        invocation,
        ...(proxy ? { proxy } : {}),
        ...(followUp ? { followUp } : {}),
      },
    };
  } catch (error) {
    await proxy?.close();
    await workspace.remove();
    // The reason is posted to GitHub: a SandboxError's words name no host path; anything else
    // stays in the bot's log.
    const hostPath = error instanceof SandboxError ? error.hostPath : undefined;
    scope.log.error({ err: error, hostPath }, "prepare failed");
    return failed(
      error instanceof SandboxError
        ? error.message
        : "preparing the run failed (the bot's log has the details)",
    );
  }
}
