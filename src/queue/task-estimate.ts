import type { RepoConfig } from "../config/repo-schema.js";
import { parseTaskLabels } from "./labels.js";
import type { Task } from "./task.js";
import { calibratedEstimate } from "../learn/calibration.js";
import type { Metric, RunRecord } from "../learn/run-record.js";

/** What planning needs to calibrate: past runs, and how to read them. */
export interface Calibration {
  history: readonly RunRecord[];
  /** Runs like a task's needed before their median replaces the category default. */
  minRuns: number;
  /** The figure estimates are in: prompts, or dollars under the `usd` quota. */
  metric: Extract<Metric, "prompts" | "usd">;
  /** The host agent a task of this category would run with (none: calibrated by category only). */
  agentOf(category: string | undefined, config: Pick<RepoConfig, "agent">): string | undefined;
}

/**
 * The task with its calibrated cost, when past runs like it say more than the category
 * default: a `cost: N` label stands, and so does the default until `minRuns` runs reported
 * a figure. A calibrated task says so in `estimate` (the preview and the plan show it).
 */
export function calibrateTask(
  task: Task,
  config: Pick<RepoConfig, "labels" | "agent">,
  calibration: Calibration,
): Task {
  const labelled = parseTaskLabels(task.issue.labels, config.labels).cost !== undefined;
  const estimate = calibratedEstimate(
    calibration.history,
    {
      ...(task.category === undefined ? {} : { category: task.category }),
      ...(task.size === undefined ? {} : { size: task.size }),
      agent: calibration.agentOf(task.category, config) ?? "",
      planned: { value: task.cost, basis: labelled ? "label" : "category-default" },
    },
    { minRuns: calibration.minRuns, metric: calibration.metric },
  );
  if (estimate.basis !== "calibrated" || estimate.scope === undefined) return task;
  // Whole units for prompts (the quota counts them so); cents for dollars.
  const value =
    calibration.metric === "usd"
      ? Math.round(estimate.value * 100) / 100
      : Math.max(1, Math.round(estimate.value));
  return {
    ...task,
    cost: value,
    estimate: {
      basis: "calibrated",
      runs: estimate.runs,
      scope: estimate.scope,
      default: task.cost,
    },
  };
}
