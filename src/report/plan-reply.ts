import type { RepoPlan } from "../queue/plan-types.js";
import type { Selection } from "../queue/select.js";
import { describeSkip } from "../queue/skip-reason.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { amountText, figureText } from "../quota/unit.js";

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** What is left, in the quota's unit: "45 of 60 prompts left", "$12.50 of $40 left". */
function leftText(quota: QuotaSnapshot): string {
  if (quota.remaining === null) return "no quota limit";
  if (quota.limit === null) return `${amountText(quota.unit, quota.remaining)} left`;
  return `${figureText(quota.unit, quota.remaining)} of ${amountText(quota.unit, quota.limit)} left`;
}

/**
 * `/nightshift plan`'s reply: what would run, in order, and why each other queued issue would
 * not, with costs in the quota's unit.
 */
export function renderPlanReply(
  plan: Pick<RepoPlan, "problems" | "skipped">,
  selection: Selection,
  quota: QuotaSnapshot,
): string {
  const lines = [
    `here is the plan for the next session (${leftText(quota)}; quota is shared by every repository this host serves):`,
    "",
  ];
  for (const problem of plan.problems) lines.push(`> ${oneLine(problem)}`, "");
  if (selection.picked.length === 0) lines.push("**Would run:** nothing.");
  else {
    lines.push("**Would run, in order:**");
    selection.picked.forEach((task, index) =>
      lines.push(
        `${index + 1}. #${task.issue.number} ${oneLine(task.issue.title)} — ${task.priority}, cost ${figureText(quota.unit, task.cost)}`,
      ),
    );
  }
  const skipped = [...plan.skipped, ...selection.skipped].sort(
    (a, b) => a.task.issue.number - b.task.issue.number,
  );
  if (skipped.length > 0) {
    lines.push("", "**Would not run:**");
    for (const { task, reason } of skipped)
      lines.push(
        `- #${task.issue.number} ${oneLine(task.issue.title)}: ${describeSkip(reason, task.repo)}`,
      );
  }
  return lines.join("\n");
}
