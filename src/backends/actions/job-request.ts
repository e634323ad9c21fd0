import type { AgentConfig, HostConfig } from "../../config/host-schema.js";
import type { RunContext } from "../../run/context.js";
import { maintainerComments } from "../../run/prompt-inputs.js";
import type { Task } from "../../queue/task.js";
import type { ActionsHostConfig } from "../../config/backends-schema.js";
import type { JobLimits, JobRequest, RunsOn } from "./job-inputs.js";

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
 * What the job is sent: the parts of the prompt a local run writes (the issue and its
 * maintainers' comments; the job adds the contribution notes from its checkout and sanitises
 * all of it in `buildPrompt`), the repository's gates and change limits, and the host's limits
 * with the sandbox the operator asked of runners.
 */
export async function buildJobRequest(
  task: Task,
  ctx: RunContext,
  input: JobRequestInput,
): Promise<JobRequest> {
  const { number, title, body, author } = task.issue;
  const prompt = {
    repo: `${task.repo.owner}/${task.repo.repo}`,
    issue: { number, title, body, author },
    maintainerComments: await maintainerComments(task, ctx),
  };
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
