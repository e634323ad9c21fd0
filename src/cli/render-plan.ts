import type { SessionPlan } from "../queue/plan-types.js";
import { estimateText } from "../queue/estimate-text.js";
import { describeSkip } from "../queue/skip-reason.js";

/** The plan as plain text: what runs, in order, and why each other queued issue would not. */
export function renderPlan(plan: SessionPlan): string {
  const lines: string[] = [];
  lines.push(plan.picked.length === 0 ? "Nothing would run." : "Would run, in order:");
  plan.picked.forEach(({ task }, index) => {
    const { owner, repo } = task.repo;
    lines.push(
      `  ${index + 1}. ${owner}/${repo}#${task.issue.number} [${task.priority}, ${estimateText(task, plan.unit)}] ${task.issue.title}`,
    );
  });
  for (const repoPlan of plan.repos) {
    const { owner, repo } = repoPlan.target.ref;
    for (const problem of repoPlan.problems) lines.push(`! ${owner}/${repo}: ${problem}`);
    for (const { task, reason } of repoPlan.skipped) {
      lines.push(
        `  - ${owner}/${repo}#${task.issue.number} skipped: ${describeSkip(reason, task.repo)}`,
      );
    }
  }
  return lines.join("\n");
}
