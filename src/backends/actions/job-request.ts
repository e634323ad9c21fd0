import type { AgentConfig, HostConfig } from "../../config/host-schema.js";
import type { GitHubPort } from "../../github/port.js";
import type { RunContext } from "../../run/context.js";
import { maintainerComments } from "../../run/prompt-inputs.js";
import type { Task } from "../../queue/task.js";
import { buildPrompt } from "../../runner/prompt.js";
import type { ActionsHostConfig } from "../../config/backends-schema.js";
import type { JobLimits, JobRequest, RunsOn } from "./job-inputs.js";

const CONTRIBUTING_FILES = ["CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md"];

/** The repository's contribution notes at the base commit, read through the API (no worktree here). */
async function contributionNotesAt(
  github: Pick<GitHubPort, "readFileAt">,
  task: Task,
  base: string,
): Promise<string | undefined> {
  for (const path of CONTRIBUTING_FILES) {
    const text = await github.readFileAt(task.repo, path, base);
    if (text !== null) return text.slice(0, 8000);
  }
  return undefined;
}

export interface JobRequestInput {
  host: Pick<HostConfig, "runTimeoutMinutes" | "maxLogBytes" | "sandbox">;
  actions: Pick<ActionsHostConfig, "sandbox" | "toolDirs">;
  agent: AgentConfig;
  taskId: string;
  base: string;
  runsOn: RunsOn;
  timeoutMinutes: number;
}

/**
 * What the job is sent: the same prompt a local run writes (issue, maintainers' comments,
 * contribution notes, all sanitised), the repository's gates and change limits, and the host's
 * limits with the sandbox the operator asked of runners.
 */
export async function buildJobRequest(
  task: Task,
  ctx: RunContext,
  input: JobRequestInput,
): Promise<JobRequest> {
  const repo = `${task.repo.owner}/${task.repo.repo}`;
  const prompt = buildPrompt({
    repo,
    issue: task.issue,
    maintainerComments: await maintainerComments(task, ctx),
    contributing: await contributionNotesAt(ctx.github, task, input.base),
  });
  const { sandbox } = input.host;
  const limits: JobLimits = {
    runTimeoutMinutes: input.host.runTimeoutMinutes,
    maxLogBytes: input.host.maxLogBytes,
    sandbox: {
      mode: input.actions.sandbox,
      toolDirs: input.actions.toolDirs,
      maxFileMb: sandbox.maxFileMb,
      maxProcesses: sandbox.maxProcesses,
      maxMemoryMb: sandbox.maxMemoryMb,
      tmpMb: sandbox.tmpMb,
    },
    changes: ctx.config.changes,
  };
  return {
    task: input.taskId,
    issue: task.issue.number,
    base: input.base,
    agent: input.agent,
    prompt,
    gates: ctx.config.gates,
    limits,
    runsOn: input.runsOn,
    timeoutMinutes: input.timeoutMinutes,
  };
}
