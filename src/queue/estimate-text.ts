import { amountText, figureText, type QuotaUnit } from "../quota/unit.js";
import type { Task } from "./task.js";

const SCOPE_WORDS: Record<NonNullable<Task["estimate"]>["scope"], string> = {
  "category+size+agent": "of this category, size and agent",
  "category+agent": "of this category and agent",
  category: "of this category",
};

/**
 * A task's estimate in the quota's unit as the preview and `nightshift plan` say it, and where a
 * calibrated one comes from.
 */
export function estimateText(task: Pick<Task, "cost" | "estimate">, unit: QuotaUnit): string {
  const { estimate } = task;
  const cost = amountText(unit, task.cost);
  if (!estimate) return `${cost} est.`;
  return `${cost} est., calibrated from ${estimate.runs} past runs ${SCOPE_WORDS[estimate.scope]} (default ${figureText(unit, estimate.default)})`;
}
