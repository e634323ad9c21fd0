import type { RepoConfig } from "./repo-schema.js";

/** The host's agents, for a message: `claude, codex`, or that there are none. */
export const describeHostAgents = (hostAgents: readonly string[]): string =>
  hostAgents.length === 0
    ? "this host defines no agents"
    : `agents on this host: ${[...hostAgents].sort().join(", ")}`;

/**
 * The agent names a repository config chooses that this host does not define, one problem
 * each (`agent.byCategory.tests: "aidr" is not an agent of this host (agents on this host:
 * aider, claude)`). Repositories only choose among the host's agents; a run given an unknown
 * one would fail.
 */
export function unknownAgentProblems(
  agent: RepoConfig["agent"],
  hostAgents: readonly string[],
): string[] {
  const known = new Set(hostAgents);
  const chosen: [path: string, name: string][] = [
    ...(agent.default === undefined ? [] : [["agent.default", agent.default] as [string, string]]),
    ...Object.entries(agent.byCategory).map(
      ([category, name]) => [`agent.byCategory.${category}`, name] as [string, string],
    ),
  ];
  return chosen
    .filter(([, name]) => !known.has(name))
    .map(
      ([path, name]) =>
        `${path}: "${name}" is not an agent of this host (${describeHostAgents(hostAgents)})`,
    );
}
