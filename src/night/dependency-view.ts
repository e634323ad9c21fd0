import type { GitHubPort } from "../github/port.js";
import {
  issueKey,
  nodesOnCycles,
  parseDependencies,
  type IssueKey,
} from "../queue/dependencies.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import type { IssueSnapshot, RepoRef } from "../types.js";

export interface DependencyView {
  /** Why a task waits for other issues (open blockers, a cycle, an unreadable blocker), or null. */
  refusal(task: Task): Promise<SkipReason | null>;
}

/**
 * One repository's dependency graph for one plan: `depends on` / `blocked by` lines of every
 * open issue (free: the bodies are already listed) and GitHub's native relations, fetched only
 * for tasks whose `issue_dependencies_summary` says they have an open blocker. Blockers in
 * other repositories are read once each through this installation; one it cannot read blocks.
 */
export function dependencyView(
  github: GitHubPort,
  ref: RepoRef,
  openIssues: readonly IssueSnapshot[],
): DependencyView {
  const open = new Map(openIssues.map((issue) => [issue.number, issue]));
  const keyOf = (number: number) => ({ ...ref, number });
  const bodyEdges = new Map<string, IssueKey[]>(
    openIssues.map((issue) => [
      issueKey(keyOf(issue.number)),
      parseDependencies(issue.body, keyOf(issue.number)),
    ]),
  );
  const native = new Map<number, Promise<IssueKey[]>>();
  const foreign = new Map<string, Promise<"open" | "closed" | null>>();
  let cycles: Map<string, string[]> | undefined;

  const nativeBlockers = (issue: IssueSnapshot): Promise<IssueKey[]> => {
    if (!issue.openBlockers) return Promise.resolve([]);
    let found = native.get(issue.number);
    if (!found) {
      found = github
        .listBlockedBy(ref, issue.number)
        .then((links) => links.filter((link) => link.state === "open"));
      native.set(issue.number, found);
    }
    return found;
  };

  const stateOf = (key: IssueKey): Promise<"open" | "closed" | null> => {
    if (issueKey(key) === issueKey(keyOf(key.number)))
      return Promise.resolve(open.has(key.number) ? "open" : "closed");
    let state = foreign.get(issueKey(key));
    if (!state) {
      state = github.getIssueState(key, key.number);
      foreign.set(issueKey(key), state);
    }
    return state;
  };

  const cycleOf = (task: Task): IssueKey[] | undefined => {
    if (!cycles) {
      const edges = new Map<string, string[]>();
      for (const [node, keys] of bodyEdges) edges.set(node, keys.map(issueKey));
      cycles = nodesOnCycles(edges);
    }
    return cycles.get(issueKey(keyOf(task.issue.number)))?.map((node) => {
      const number = Number(node.slice(node.lastIndexOf("#") + 1));
      return keyOf(number);
    });
  };

  return {
    async refusal(task) {
      const cycle = cycleOf(task);
      if (cycle) return { kind: "dependency-cycle", members: cycle };
      const fromBody = bodyEdges.get(issueKey(keyOf(task.issue.number))) ?? [];
      const blockers = [...fromBody, ...(await nativeBlockers(task.issue))];
      const waiting: IssueKey[] = [];
      const unreadable: IssueKey[] = [];
      const seen = new Set<string>();
      for (const key of blockers) {
        if (seen.has(issueKey(key))) continue;
        seen.add(issueKey(key));
        const state = await stateOf(key);
        if (state === "open") waiting.push(key);
        if (state === null) unreadable.push(key);
      }
      if (waiting.length > 0) return { kind: "waits-for", blockers: waiting };
      if (unreadable.length > 0) return { kind: "blocker-unknown", blockers: unreadable };
      return null;
    },
  };
}
