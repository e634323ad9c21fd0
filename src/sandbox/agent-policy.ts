import type { AgentConfig, HostConfig } from "../config/host-schema.js";
import type { Route } from "./egress-routes.js";
import { SandboxError } from "./run-sandbox.js";
import type { Egress, Mount, SandboxLimits } from "./policy.js";

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
