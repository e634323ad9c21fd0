import { dirname } from "node:path";
import { HostConfigSchema, type HostConfig } from "../../config/host-schema.js";
import { SYSTEM_PATH_PREFIXES } from "../../sandbox/policy.js";
import type { JobRequest } from "./job-inputs.js";

export const JOB_AGENT = "job";

const underSystem = (path: string): boolean =>
  SYSTEM_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * The host config a job runs under: the one agent it was sent, the bot host's limits, and its
 * own data directory. Node's directory joins the tool directories when it lies outside the
 * system ones (setup-node installs under the runner's tool cache), so node-based agents and
 * gates find it inside the sandbox.
 */
export function jobHostConfig(request: JobRequest, dataDir: string, nodePath: string): HostConfig {
  const { sandbox } = request.limits;
  const nodeDir = dirname(nodePath);
  const toolDirs = underSystem(nodeDir) ? sandbox.toolDirs : [...sandbox.toolDirs, nodeDir];
  return HostConfigSchema.parse({
    agents: { [JOB_AGENT]: request.agent },
    defaultAgent: JOB_AGENT,
    dataDir,
    runTimeoutMinutes: request.limits.runTimeoutMinutes,
    maxLogBytes: request.limits.maxLogBytes,
    sandbox: { ...sandbox, toolDirs: [...new Set(toolDirs)] },
  });
}
