import { compareTasks } from "./order.js";
import type { Task } from "./task.js";
import type { Priority } from "../types.js";
import type { CalibratedEstimate } from "../learn/calibration.js";
import { breakdown } from "../learn/plain-snippet.js";

/** Where a task stands in the queue when the weekend list is made. */
export type Standing =
  "ready" | "needs-approval" | "held" | "blocked" | "running" | "pr-open" | "failed";

export interface WeekendTask {
  task: Task;
  standing: Standing;
}

/** A weekend-sized task offered for the weekend, with what it should cost and involve. */
export interface WeekendCandidate {
  issue: number;
  title: string;
  size: "L" | "XL";
  priority: Priority;
  estimate: CalibratedEstimate;
  /** Its first list items or sentences, plain and inert. */
  breakdown: string[];
  /** Ticking its box approves it too (the ticker's permission is checked like `/approve`). */
  needsApproval: boolean;
}

const WEEKEND_SIZES = new Set(["L", "XL"]);

const isWeekendSized = (task: Task): task is Task & { size: "L" | "XL" } =>
  task.size !== undefined && WEEKEND_SIZES.has(task.size);

/**
 * The top `count` weekend-sized (L or XL) tasks of one repository: queued and either approved
 * or waiting for an approval a tick can give, with no label problems, in queue order.
 */
export function weekendCandidates(
  tasks: readonly WeekendTask[],
  calibrate: (task: Task) => CalibratedEstimate,
  options: { count?: number } = {},
): WeekendCandidate[] {
  return tasks
    .filter(({ standing }) => standing === "ready" || standing === "needs-approval")
    .filter(({ task }) => task.problems.length === 0)
    .flatMap(({ task, standing }) => (isWeekendSized(task) ? [{ task, standing }] : []))
    .sort((a, b) => compareTasks(a.task, b.task))
    .slice(0, Math.max(0, options.count ?? 5))
    .map(({ task, standing }) => ({
      issue: task.issue.number,
      title: task.issue.title,
      size: task.size,
      priority: task.priority,
      estimate: calibrate(task),
      breakdown: breakdown(task.issue.body),
      needsApproval: standing === "needs-approval",
    }));
}
