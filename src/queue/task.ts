import { DEFAULT_CATEGORY_COSTS, type RepoConfig } from "../config/repo-schema.js";
import type { IssueSnapshot, Priority, RepoRef, Size } from "../types.js";
import { parseTaskLabels } from "./labels.js";

/** An open issue with a priority label: a unit of agent work. */
export interface Task {
  repo: RepoRef;
  issue: IssueSnapshot;
  priority: Priority;
  category?: string;
  size?: Size;
  /**
   * Estimated cost in the quota's unit (agent prompts; dollars under `usd`): the `cost: N`
   * label, else the calibrated figure of past runs, else the category default.
   */
  cost: number;
  /** Label problems; a task with any is left out until they are fixed. */
  problems: string[];
  /**
   * A reviewer asked for changes on the issue's open Nightshift pull request (the `followUp`
   * label): the run works on that pull request's branch and pushes one more commit to it.
   */
  followUp?: true;
  /** Set when past runs replaced the category default in `cost` (queue/task-estimate.ts). */
  estimate?: TaskEstimate;
}

/** A calibrated cost: how many past runs it stands on, which runs, and the default it replaced. */
export interface TaskEstimate {
  basis: "calibrated";
  runs: number;
  scope: "category+size+agent" | "category+agent" | "category";
  default: number;
}

/** Cost of an issue with neither a `cost:` label nor a known category. */
export const FALLBACK_COST = 10;

/** The task an issue describes, or null when it is not queued (closed, or no priority label). */
export function taskFromIssue(
  repo: RepoRef,
  issue: IssueSnapshot,
  config: Pick<RepoConfig, "labels" | "categories">,
): Task | null {
  if (issue.state !== "open") return null;
  const labels = parseTaskLabels(issue.labels, config.labels);
  const prefix = config.labels.priority.toLowerCase();
  const triedPriority = issue.labels.some((label) => label.toLowerCase().startsWith(prefix));
  if (!labels.priority && !triedPriority) return null;
  // Someone meant to queue it but the priority is unknown or conflicting: keep it as a task
  // so its problems are reported; a task with problems never runs, whatever its priority.
  const costs = { ...DEFAULT_CATEGORY_COSTS, ...config.categories.costs };
  const categoryCost = labels.category === undefined ? undefined : costs[labels.category];
  return {
    repo,
    issue,
    priority: labels.priority ?? "low",
    category: labels.category,
    size: labels.size,
    cost: labels.cost ?? categoryCost ?? FALLBACK_COST,
    problems: labels.problems,
    ...(issue.labels.includes(config.labels.followUp) ? { followUp: true as const } : {}),
  };
}
