import type { AgentConfig, HostConfig } from "../config/host-schema.js";
import type { Workspace } from "../runner/workspace.js";
import type { Route } from "./egress-routes.js";
import type { RunEgress } from "./run-egress.js";
import { openRunSandbox, SandboxError, type RunSandbox } from "./run-sandbox.js";
import type { Egress, Isolation, Mount, SandboxLimits } from "./policy.js";

const MB = 1024 * 1024;

/** Each preset's model API, its default egress; a plain command gets no network by default. */
const PRESET_HOSTS: Record<AgentConfig["kind"], readonly string[]> = {
  command: [],
  "claude-code": ["api.anthropic.com"],
  codex: ["api.openai.com", "chatgpt.com"],
  aider: ["api.openai.com", "api.anthropic.com", "openrouter.ai"],
};

/** The agent's egress: what the host config says, else its preset's model API. */
export function agentEgress(agent: AgentConfig): Egress {
  const configured = agent.sandbox.egress;
  if (configured === "none" || configured === "open") return { mode: configured };
  if (configured !== undefined) return { mode: "allow", hosts: configured.allow };
  const hosts = PRESET_HOSTS[agent.kind];
  return hosts.length === 0 ? { mode: "none" } : { mode: "allow", hosts };
}

/** The host's tool directories (read-only) and the agent's own mounts. */
export function agentMounts(host: HostConfig, agent: AgentConfig): Mount[] {
  return [
    ...host.sandbox.toolDirs.map((path) => ({ path, writable: false })),
    ...agent.sandbox.mounts.map((mount) => ({
      path: mount.path,
      writable: mount.writable,
      ...(mount.target === undefined ? {} : { target: mount.target }),
    })),
  ];
}

export function sandboxLimits(host: HostConfig): SandboxLimits {
  const { sandbox } = host;
  return {
    maxFileBytes: sandbox.maxFileMb * MB,
    maxProcesses: sandbox.maxProcesses,
    maxMemoryBytes: sandbox.maxMemoryMb * MB,
    tmpBytes: sandbox.tmpMb * MB,
  };
}

/**
 * The agent's credential routes with their header values read from the bot's environment now;
 * a variable that is not set fails the run before the agent starts.
 */
export function agentRoutes(agent: AgentConfig, env: NodeJS.ProcessEnv): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [name, route] of Object.entries(agent.sandbox.routes)) {
    const headers: Record<string, string> = {};
    for (const [header, variable] of Object.entries(route.headersFromEnv)) {
      const value = env[variable];
      if (value === undefined || value === "") {
        throw new SandboxError(
          `egress route ${name}: ${variable} is not set in the bot's environment`,
        );
      }
      headers[header] = value;
    }
    routes[name] = { target: route.target, headers };
  }
  return routes;
}

export interface AgentSandboxInput {
  isolation: Isolation;
  host: HostConfig;
  agent: AgentConfig;
  workspace: Pick<Workspace, "dir" | "mirrorDir" | "adminDir">;
  promptFile: string;
  egress: Egress;
  /** Host paths no mount may reach besides the data directory (the bot's working directory). */
  private: readonly string[];
  proxy?: RunEgress | undefined;
}

/**
 * The sandbox an agent (or a gate, or a completion check run as it would be) gets over a
 * workspace, as the host config sets it: the agent's mounts, the host's limits, the data
 * directory private. One place, so a run, a check and an Actions job are confined alike.
 */
export function agentSandbox(input: AgentSandboxInput): RunSandbox {
  const { host, agent, workspace, proxy } = input;
  return openRunSandbox({
    isolation: input.isolation,
    worktree: workspace.dir,
    mirrorDir: workspace.mirrorDir,
    adminDir: workspace.adminDir,
    promptFile: input.promptFile,
    mounts: agentMounts(host, agent),
    egress: input.egress,
    limits: sandboxLimits(host),
    dataDir: host.dataDir,
    private: [...input.private],
    ...(proxy ? { proxy } : {}),
  });
}
