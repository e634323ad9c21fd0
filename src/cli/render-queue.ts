import type { SessionPlan } from "../queue/plan-types.js";
import { compareTasks } from "../queue/order.js";
import { describeSkip, SKIP_GROUP, type SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { amountText, figureText } from "../quota/unit.js";

export interface QueueView {
  /** Show only the first N tasks that would run. */
  next?: number;
  /** Counts instead of a list. */
  stats?: boolean;
}

interface Row {
  task: Task;
  /** Null when the task would run. */
  reason: SkipReason | null;
}

const name = (task: Task) => `${task.repo.owner}/${task.repo.repo}#${task.issue.number}`;

function rows(plan: SessionPlan): Row[] {
  const picked = new Set(plan.picked.map(({ task }) => task));
  const all: Row[] = [];
  for (const repoPlan of plan.repos) {
    for (const task of repoPlan.eligible) if (picked.has(task)) all.push({ task, reason: null });
    for (const { task, reason } of repoPlan.skipped) all.push({ task, reason });
  }
  return all.sort((a, b) => compareTasks(a.task, b.task));
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([key, count]) => `${key} ${count}`).join(", ") || "none";
}

/** The queue as text: every queued task in order with why it would not run, stats, or the next N. */
export function renderQueue(plan: SessionPlan, view: QueueView = {}): string {
  const all = rows(plan);
  if (view.stats) {
    const waiting = all.filter((row) => row.reason !== null);
    return [
      `queued: ${all.length} (would run: ${all.length - waiting.length}, waiting: ${waiting.length})`,
      `by priority: ${countBy(all.map((row) => row.task.priority))}`,
      `by category: ${countBy(all.map((row) => row.task.category ?? "none"))}`,
      `estimated cost of what would run: ${amountText(
        plan.unit,
        all.filter((row) => row.reason === null).reduce((sum, row) => sum + row.task.cost, 0),
      )}`,
      `waiting because: ${countBy(waiting.flatMap((row) => (row.reason ? [SKIP_GROUP[row.reason.kind]] : [])))}`,
    ].join("\n");
  }
  if (view.next !== undefined) {
    const next = plan.picked.slice(0, view.next);
    if (next.length === 0) return "Nothing would run.";
    return next
      .map(
        ({ task }, i) =>
          `${i + 1}. ${name(task)} [${task.priority}, cost ${figureText(plan.unit, task.cost)}] ${task.issue.title}`,
      )
      .join("\n");
  }
  if (all.length === 0) return "The queue is empty.";
  return all
    .map(
      ({ task, reason }) =>
        `${reason === null ? "▶" : "·"} ${name(task)} [${task.priority}, cost ${figureText(plan.unit, task.cost)}] ${task.issue.title}${reason === null ? "" : ` — ${describeSkip(reason, task.repo)}`}`,
    )
    .join("\n");
}
