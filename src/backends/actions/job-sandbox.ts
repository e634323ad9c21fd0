import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HostConfig } from "../../config/host-schema.js";
import type { Prepared } from "../../run/prepare.js";
import { buildAgentInvocation } from "../../runner/agents.js";
import type { Workspace } from "../../runner/workspace.js";
import { agentEgress, agentRoutes, agentSandbox } from "../../sandbox/agent-policy.js";
import type { Isolation } from "../../sandbox/policy.js";
import { openRunEgress, type RunEgress } from "../../sandbox/run-egress.js";
import { JOB_AGENT } from "./job-host.js";

export interface JobSandboxInput {
  host: HostConfig;
  isolation: Isolation;
  workspace: Workspace;
  prompt: string;
  /** The job's scratch directory (outside the worktree): the prompt and the logs go here. */
  workDir: string;
  /** owner/name */
  repo: string;
  issue: number;
  /** The step's environment: `passEnv` and egress routes read the model's credentials here. */
  env: NodeJS.ProcessEnv;
  /** Paths no sandbox mount may show (the checkout the job started from). */
  privatePaths: readonly string[];
}

/**
 * The job's counterpart of the bot's prepare step, after the workspace: the prompt file, the
 * egress proxy and the sandbox, and the agent's command line, exactly as a local run builds
 * them. Throws (a SandboxError among others) when the runner cannot give what the host asked.
 */
export async function prepareJobRun(input: JobSandboxInput): Promise<Prepared> {
  const agent = input.host.agents[JOB_AGENT];
  if (agent === undefined) throw new Error("the job has no agent");
  const promptFile = join(input.workDir, "prompt.md");
  await writeFile(promptFile, input.prompt);
  const logFile = join(input.workDir, "agent.log");
  const egress = agentEgress(agent);
  let proxy: RunEgress | undefined;
  try {
    if (egress.mode === "allow" && input.isolation.level === "bubblewrap") {
      proxy = await openRunEgress({
        hosts: egress.hosts,
        routes: agentRoutes(agent, input.env),
        logFile,
      });
    }
    const sandbox = agentSandbox({
      isolation: input.isolation,
      host: input.host,
      agent,
      workspace: input.workspace,
      promptFile,
      egress,
      private: input.privatePaths,
      proxy,
    });
    const invocation = buildAgentInvocation(agent, {
      prompt: input.prompt,
      promptFile: sandbox.promptPath,
      workspace: sandbox.worktree,
      issue: input.issue,
      repo: input.repo,
      baseEnv: input.env,
    });
    return {
      agent,
      workspace: input.workspace,
      token: () => Promise.reject(new Error("a job holds no token")),
      logFile,
      sandbox,
      invocation,
      ...(proxy ? { proxy } : {}),
    };
  } catch (error) {
    await proxy?.close();
    throw error;
  }
}
