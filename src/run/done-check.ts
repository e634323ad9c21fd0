import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { splitArgs } from "../config/argv.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoInfo } from "../github/port.js";
import { runGates } from "../runner/gates.js";
import { buildAgentEnv } from "../runner/env.js";
import { agentEgress, agentSandbox } from "../sandbox/agent-policy.js";
import type { Workspace } from "../runner/workspace.js";
import { chooseAgent } from "./agent-choice.js";
import type { RunDeps } from "./context.js";
import { runFileStem } from "./run-files.js";

/** A completion check gets a gate's default time. */
const CHECK_TIMEOUT_MINUTES = 10;

export interface DoneCheck {
  github: GitHubPort;
  info: RepoInfo;
  config: Pick<RepoConfig, "agent">;
  /** The target's `doneWhen`: argv, or a string split on whitespace (quotes kept); no shell. */
  command: string | readonly string[];
  /** Names the check's worktree and log (e.g. `until-done.label-epic`). */
  name: string;
}

export type DoneVerdict = { passed: boolean; why: string };

/**
 * An until-done target's completion check, run as a gate is: in a worktree at the default
 * branch's head, inside a sandbox with no network, with the environment and tool mounts of the
 * repository's default agent (gates run with the agent's). Its exit code alone decides; a
 * check that cannot start does not pass. Nothing of an issue's text is in its command line.
 */
export async function runDoneCheck(deps: RunDeps, check: DoneCheck): Promise<DoneVerdict> {
  const choice = chooseAgent(undefined, check.config, deps.host);
  if (!choice.ok) return { passed: false, why: choice.reason };
  const { info } = check;
  const ref = { owner: info.owner, repo: info.repo };
  const repo = `${info.owner}/${info.repo}`;
  const stem = runFileStem(`${deps.sessionId}:${check.name}`);
  const logDir = join(deps.host.dataDir, "logs", deps.sessionId);
  await mkdir(logDir, { recursive: true });
  const headSha = await check.github.getBranchHead(ref, info.defaultBranch).catch(() => null);
  let workspace: Workspace | undefined;
  try {
    workspace = await deps.prepareWorkspace({
      repoFullName: repo,
      cloneUrl: info.cloneUrl,
      defaultBranch: info.defaultBranch,
      token: await check.github.gitToken(ref, { fresh: true }),
      runId: `${deps.sessionId}.${stem}`,
      ...(headSha ? { headSha } : {}),
    });
    // The sandbox shows a prompt file to every run; a check has none to give.
    const promptFile = join(logDir, `${stem}.prompt.md`);
    await writeFile(promptFile, "A completion check: no agent runs.\n");
    const egress = agentEgress(choice.agent);
    const sandbox = agentSandbox({
      isolation: deps.isolation,
      host: deps.host,
      agent: choice.agent,
      workspace,
      promptFile,
      // Only `network: false` commands run: the egress is never opened.
      egress: egress.mode === "allow" ? { mode: "none" } : egress,
      private: [process.cwd()],
    });
    const env = buildAgentEnv({
      baseEnv: deps.baseEnv,
      issue: 0,
      repo,
      env: choice.agent.env,
      passEnv: choice.agent.passEnv,
    });
    const [result] = await runGates(
      [
        {
          name: "doneWhen",
          run: typeof check.command === "string" ? splitArgs(check.command) : [...check.command],
          timeoutMinutes: CHECK_TIMEOUT_MINUTES,
          network: false,
        },
      ],
      {
        cwd: workspace.dir,
        env,
        wrap: (argv, childEnv, network) => sandbox.command(argv, childEnv, network),
        logDir,
        logPrefix: stem,
        maxLogBytes: deps.host.maxLogBytes,
      },
    );
    if (!result) return { passed: false, why: "the check did not run" };
    const why = result.passed
      ? "passed"
      : result.timedOut
        ? "timed out"
        : `exited with ${String(result.exitCode)}`;
    return { passed: result.passed, why };
  } catch (error) {
    deps.logger.error({ err: error, check: check.name }, "completion check could not run");
    return { passed: false, why: "the check could not run (the bot's log has the details)" };
  } finally {
    await workspace?.reclaim();
    await workspace?.remove();
  }
}
