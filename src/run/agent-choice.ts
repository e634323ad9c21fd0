import type { AgentConfig, HostConfig } from "../config/host-schema.js";
import type { RepoConfig } from "../config/repo-schema.js";

export type AgentChoice =
  { ok: true; name: string; agent: AgentConfig } | { ok: false; reason: string };

/**
 * The host agent a task runs with: the repository's per-category choice, else its default,
 * else the host's default, else the host's only agent. Repositories name agents; only the
 * host defines them.
 */
export function chooseAgent(
  category: string | undefined,
  repo: Pick<RepoConfig, "agent">,
  host: Pick<HostConfig, "agents" | "defaultAgent">,
): AgentChoice {
  const names = Object.keys(host.agents);
  const name =
    (category === undefined ? undefined : repo.agent.byCategory[category]) ??
    repo.agent.default ??
    host.defaultAgent ??
    (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    return { ok: false, reason: "no agent chosen: set defaultAgent in the host config" };
  }
  const agent = host.agents[name];
  if (!agent) return { ok: false, reason: `agent "${name}" is not defined on this host` };
  return { ok: true, name, agent };
}
