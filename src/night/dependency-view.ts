import type { IssueFacts, IssuesPort } from "../github/port.js";
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
  /** Why a task waits for other issues (open or unknown blockers, a cycle), or null. */
  refusal(task: Task): Promise<SkipReason | null>;
}

/** Issues outside the open listing read per plan while looking for cycles through them. */
const EXPLORE_BUDGET = 100;

/**
 * One repository's dependency graph for one plan: `depends on` / `blocked by` lines of every
 * open issue (free: the bodies are already listed) and GitHub's native relations, fetched only
 * for tasks whose `issue_dependencies_summary` says they have an open blocker. Strict: a
 * blocker that is not in the open listing is read (closed lets the task run; missing or
 * unreadable keeps it waiting), and a task waiting for itself, directly or through issues of
 * other repositories, is on a cycle.
 */
export function dependencyView(
  github: IssuesPort,
  ref: RepoRef,
  openIssues: readonly IssueSnapshot[],
): DependencyView {
  const open = new Map(openIssues.map((issue) => [issue.number, issue]));
  const home = (number: number): IssueKey => ({ ...ref, number });
  const isHome = (key: IssueKey) => issueKey(key) === issueKey(home(key.number));
  const bodyEdges = new Map<string, IssueKey[]>(
    openIssues.map((issue) => [
      issueKey(home(issue.number)),
      parseDependencies(issue.body, home(issue.number)),
    ]),
  );
  const keys = new Map<string, IssueKey>();
  for (const [node, targets] of bodyEdges) {
    keys.set(node, home(Number(node.slice(node.lastIndexOf("#") + 1))));
    for (const target of targets) keys.set(issueKey(target), target);
  }
  const facts = new Map<string, Promise<IssueFacts | null>>();
  const native = new Map<number, Promise<IssueKey[]>>();
  let explored = 0;
  let homeCycles: Map<string, string[]> | undefined;

  /** An issue's state and body: the listing's for open issues here, else read once. */
  const factsOf = (key: IssueKey): Promise<IssueFacts | null> => {
    const listed = isHome(key) ? open.get(key.number) : undefined;
    if (listed) return Promise.resolve({ state: "open", body: listed.body });
    let found = facts.get(issueKey(key));
    if (!found) {
      found = github.readIssue(key, key.number);
      facts.set(issueKey(key), found);
    }
    return found;
  };

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

  /** What an issue waits for, as far as this plan may know without spending its budget. */
  const edgesOf = async (key: IssueKey): Promise<IssueKey[]> => {
    const listed = bodyEdges.get(issueKey(key));
    if (listed) return listed;
    if (!facts.has(issueKey(key))) {
      if (explored >= EXPLORE_BUDGET) return [];
      explored += 1;
    }
    const found = await factsOf(key);
    return found?.state === "open" ? parseDependencies(found.body, key) : [];
  };

  /** The cycle through `start` in the graph reachable from it (other repositories included). */
  const cycleThrough = async (
    start: IssueKey,
    first: readonly IssueKey[],
  ): Promise<IssueKey[] | undefined> => {
    const graph = new Map<string, string[]>([[issueKey(start), first.map(issueKey)]]);
    const seen = new Map<string, IssueKey>([[issueKey(start), start]]);
    const todo = [...first];
    for (let next = todo.pop(); next; next = todo.pop()) {
      const node = issueKey(next);
      if (graph.has(node)) continue;
      seen.set(node, next);
      const targets = await edgesOf(next);
      graph.set(node, targets.map(issueKey));
      todo.push(...targets.filter((target) => !graph.has(issueKey(target))));
    }
    return nodesOnCycles(graph)
      .get(issueKey(start))
      ?.map((node) => seen.get(node) ?? home(0));
  };

  const homeCycleOf = (task: Task): IssueKey[] | undefined => {
    if (!homeCycles) {
      const edges = new Map<string, string[]>();
      for (const [node, targets] of bodyEdges) edges.set(node, targets.map(issueKey));
      homeCycles = nodesOnCycles(edges);
    }
    return homeCycles
      .get(issueKey(home(task.issue.number)))
      ?.map((node) => keys.get(node) ?? home(0));
  };

  return {
    async refusal(task) {
      const self = home(task.issue.number);
      const local = homeCycleOf(task);
      if (local) return { kind: "dependency-cycle", members: local };
      const blockers = unique([
        ...(bodyEdges.get(issueKey(self)) ?? []),
        ...(await nativeBlockers(task.issue)),
      ]);
      // Only a path through another repository can come back here without a local cycle.
      if (blockers.some((key) => !isHome(key))) {
        const cycle = await cycleThrough(self, blockers);
        if (cycle) return { kind: "dependency-cycle", members: cycle };
      }
      const waiting: IssueKey[] = [];
      const unknown: IssueKey[] = [];
      for (const key of blockers) {
        const found = await factsOf(key);
        if (found === null) unknown.push(key);
        else if (found.state === "open") waiting.push(key);
      }
      if (waiting.length > 0) return { kind: "waits-for", blockers: waiting };
      if (unknown.length > 0) return { kind: "blocker-unknown", blockers: unknown };
      return null;
    },
  };
}

function unique(keys: readonly IssueKey[]): IssueKey[] {
  return [...new Map(keys.map((key) => [issueKey(key), key])).values()];
}
