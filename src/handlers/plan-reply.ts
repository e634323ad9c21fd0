import type { RepoTarget } from "../github/target.js";
import { planRepo } from "../night/plan.js";
import { selectWithinQuota } from "../queue/select.js";
import type { QuotaPolicy, QuotaSnapshot } from "../quota/thresholds.js";
import { renderPlanReply } from "../report/plan-reply.js";
import type { Logger, Size } from "../types.js";

/** What `/nightshift plan` needs from the host: the quota now and the policy. */
export interface PlanContext {
  quota(): Promise<QuotaSnapshot>;
  policy: QuotaPolicy;
  /** The largest size the next window takes, when the schedule says. */
  maxSize?: () => Size | undefined;
}

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
  return renderPlanReply(plan, selection, quota);
}
