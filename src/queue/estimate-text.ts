import type { Task } from "./task.js";

const SCOPE_WORDS: Record<NonNullable<Task["estimate"]>["scope"], string> = {
  "category+size+agent": "of this category, size and agent",
  "category+agent": "of this category and agent",
  category: "of this category",
};

/** A task's estimate as the preview and `nightshift plan` say it, and where a calibrated one comes from. */
export function estimateText(task: Pick<Task, "cost" | "estimate">): string {
  const { estimate } = task;
  if (!estimate) return `${task.cost} prompts est.`;
  return `${task.cost} prompts est., calibrated from ${estimate.runs} past runs ${SCOPE_WORDS[estimate.scope]} (default ${estimate.default})`;
}
