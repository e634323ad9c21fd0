import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HostConfig } from "../config/host-schema.js";
import type { Task } from "../queue/task.js";
import { buildAgentInvocation, interpretAgentResult } from "../runner/agents.js";
import { runProcess } from "../runner/process.js";
import { buildPrompt } from "../runner/prompt.js";
import type { PrepareInput, Workspace } from "../runner/workspace.js";
import type { Clock, Logger } from "../types.js";
import { tokenProvider } from "../github/token-provider.js";
import { agentEgress, agentMounts, sandboxLimits } from "../sandbox/agent-policy.js";
import type { Isolation } from "../sandbox/policy.js";
import { openRunSandbox, SandboxError } from "../sandbox/run-sandbox.js";
import { acceptChange } from "./accept-change.js";
import { chooseAgent } from "./agent-choice.js";
import { closedPullReason, findIssueBranch } from "./branch-target.js";
import type { RunOutcome } from "./outcome.js";
import { contributionNotes, maintainerComments, type RunContext } from "./run-context.js";
import { shipChanges } from "./ship.js";

export type { RunContext } from "./run-context.js";

/** The app's git identity: `<slug>[bot]` and its noreply address. */
export interface BotIdentity {
  name: string;
  email: string;
}

export interface RunDeps {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  sessionId: string;
  identity: BotIdentity;
  baseEnv: NodeJS.ProcessEnv;
  /** The boundary this host gives runs (probed once; `none` only when the operator opted out). */
  isolation: Isolation;
  prepareWorkspace(input: PrepareInput): Promise<Workspace>;
}

/** Everything a run step needs to name its files and report its result. */
export interface RunScope {
  runId: string;
  logDir: string;
  started: Date;
  log: Logger;
  finish(fields: Partial<RunOutcome> & Pick<RunOutcome, "status">): RunOutcome;
}

function runScope(deps: RunDeps, task: Task): RunScope {
  const started = deps.clock.now();
  const runId = `${deps.sessionId}-${task.repo.owner}-${task.repo.repo}-${task.issue.number}`;
  return {
    runId,
    started,
    logDir: join(deps.host.dataDir, "logs", deps.sessionId),
    log: deps.logger.child({ issue: task.issue.number, run: runId }),
    finish: (fields) => ({
      task,
      gates: [],
      cost: { estimated: task.cost },
      startedAt: started.toISOString(),
      durationMs: deps.clock.now().getTime() - started.getTime(),
      ...fields,
    }),
  };
}

/**
 * One run, start to finish: workspace → prompt → agent → accept → (gates → commit → push → PR).
 * Never throws for the task's own failures: they come back as a failed outcome.
 */
export async function runTask(deps: RunDeps, task: Task, ctx: RunContext): Promise<RunOutcome> {
  const scope = runScope(deps, task);
  const choice = chooseAgent(task.category, ctx.config, deps.host);
  if (!choice.ok) return scope.finish({ status: "failed", reason: choice.reason });

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
  if (closed !== undefined) return scope.finish({ status: "failed", reason: closed });
  const repoName = `${task.repo.owner}/${task.repo.repo}`;
  // The API's head lets a repository's later runs in a session skip the fetch; a failed read
  // only costs that shortcut.
  const headSha = await ctx.github
    .getBranchHead(task.repo, ctx.info.defaultBranch)
    .catch(() => null);
  const workspace = await deps.prepareWorkspace({
    repoFullName: repoName,
    cloneUrl: ctx.info.cloneUrl,
    defaultBranch: ctx.info.defaultBranch,
    token: await token(),
    runId: scope.runId,
    ...(headSha ? { headSha } : {}),
  });
  let keepWorkspace = true;
  try {
    const prompt = buildPrompt({
      repo: repoName,
      issue: task.issue,
      maintainerComments: await maintainerComments(task, ctx),
      contributing: await contributionNotes(workspace.dir),
    });
    // The prompt file lives outside the worktree so it can never be committed.
    const promptFile = join(scope.logDir, `${scope.runId}.prompt.md`);
    await writeFile(promptFile, prompt);
    const logFile = join(scope.logDir, `${scope.runId}.agent.log`);
    const sandbox = openRunSandbox({
      isolation: deps.isolation,
      worktree: workspace.dir,
      mirrorDir: workspace.mirrorDir,
      promptFile,
      mounts: agentMounts(deps.host, choice.agent),
      egress: agentEgress(choice.agent),
      limits: sandboxLimits(deps.host),
      dataDir: deps.host.dataDir,
      private: [process.cwd()],
    });
    const invocation = buildAgentInvocation(choice.agent, {
      prompt,
      promptFile: sandbox.promptPath,
      workspace: sandbox.worktree,
      issue: task.issue.number,
      repo: repoName,
      baseEnv: deps.baseEnv,
    });
    const agentCommand = sandbox.command(invocation.argv, invocation.env, true);
    scope.log.info({ agent: choice.name, isolation: deps.isolation.level }, "agent starting");
    const result = sandbox.exit(
      await runProcess({
        argv: agentCommand.argv,
        cwd: workspace.dir,
        env: agentCommand.env,
        ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }),
        timeoutMs: deps.host.runTimeoutMinutes * 60_000,
        logFile,
        maxLogBytes: deps.host.maxLogBytes,
        // Claude Code's final JSON (with its result text) can exceed the default 64 KiB tail.
        ...(choice.agent.kind === "claude-code" ? { tailBytes: 256 * 1024 } : {}),
      }),
    );
    // Nothing the agent left in git's files is read by the bot's git from here on.
    await workspace.reclaim();
    const agent = interpretAgentResult(choice.agent, result);
    const ran = {
      logFile,
      agentSummary: agent.summary,
      cost: { estimated: task.cost, turns: agent.cost?.turns, usd: agent.cost?.usd },
    };
    scope.log.info({ status: agent.status, durationMs: result.durationMs }, "agent finished");
    if (agent.status !== "succeeded") {
      const why =
        agent.status === "timed-out"
          ? "timed out"
          : (result.spawnError ?? `exited with ${String(result.exitCode ?? result.signal)}`);
      return scope.finish({ status: "failed", reason: `agent ${why}`, ...ran });
    }
    const accepted = await acceptChange(workspace, ctx.config.changes);
    if (accepted.kind === "no-change") {
      keepWorkspace = false;
      return scope.finish({ status: "no-change", reason: "the agent changed nothing", ...ran });
    }
    if (accepted.kind === "refused") {
      scope.log.warn({ violations: accepted.violations }, "change refused");
      return scope.finish({ status: "failed", reason: accepted.reason, ...ran });
    }
    const shipped = await shipChanges(deps, task, ctx, {
      scope,
      workspace,
      env: invocation.env,
      sandbox,
      ran,
      token,
    });
    keepWorkspace = shipped.status !== "shipped";
    return shipped;
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return scope.finish({ status: "failed", reason: error.message });
  } finally {
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
