import type { RepoTarget } from "../github/target.js";
import { planRepo } from "../night/plan.js";
import { selectWithinQuota } from "../queue/select.js";
import { describeSkip } from "../queue/skip-reason.js";
import type { QuotaPolicy, QuotaSnapshot } from "../quota/thresholds.js";
import type { Logger, Size } from "../types.js";

/** What `/nightshift plan` needs from the host: the quota now and the policy. */
export interface PlanContext {
  quota(): Promise<QuotaSnapshot>;
  policy: QuotaPolicy;
  /** The largest size the next window takes, when the schedule says. */
  maxSize?: () => Size | undefined;
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * This repository's part of the next session's plan, as a comment: what would run, in what
 * order, and why each other queued issue would not. The same code the session plans with.
 */
export async function repoPlanReply(
  target: RepoTarget,
  planContext: PlanContext,
  logger: Logger,
): Promise<string> {
  const maxSize = planContext.maxSize?.();
  const plan = await planRepo(target, logger, maxSize ? { maxSize } : {});
  const quota = await planContext.quota();
  const selection = selectWithinQuota(plan.eligible, quota, planContext.policy);
  const left =
    quota.remaining === null
      ? "no quota limit"
      : `${quota.remaining} of ${quota.limit} prompts left`;
  const lines = [
    `here is the plan for the next session (${left}; quota is shared by every repository this host serves):`,
    "",
  ];
  for (const problem of plan.problems) lines.push(`> ${oneLine(problem)}`, "");
  if (selection.picked.length === 0) lines.push("**Would run:** nothing.");
  else {
    lines.push("**Would run, in order:**");
    selection.picked.forEach((task, index) =>
      lines.push(
        `${index + 1}. #${task.issue.number} ${oneLine(task.issue.title)} — ${task.priority}, cost ${task.cost}`,
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
