import type { Priority } from "../types.js";
import type { Task } from "./task.js";

/** Impact of a priority, the numerator of a task's score. */
export const PRIORITY_WEIGHT: Record<Priority, number> = {
  critical: 8,
  high: 4,
  medium: 2,
  low: 1,
};

const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Impact ÷ effort. */
export const score = (task: Pick<Task, "priority" | "cost">): number =>
  PRIORITY_WEIGHT[task.priority] / task.cost;

/** Priority first, then score (higher first), then age (oldest first), then issue number. */
export function compareTasks(a: Task, b: Task): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    score(b) - score(a) ||
    a.issue.createdAt.localeCompare(b.issue.createdAt) ||
    a.issue.number - b.issue.number
  );
}
