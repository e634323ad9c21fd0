import type { HostConfig } from "../config/host-schema.js";
import { isQuotaBound, type SkipReason } from "../queue/skip-reason.js";
import type { QuotaProvider } from "../quota/ledger.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import { quotaResumeAt } from "../quota/wait.js";
import type { Occurrence } from "../schedule/window.js";
import type { Clock, Logger } from "../types.js";
import type { Journal } from "../store/journal.js";
import { calibrationFor } from "./calibration.js";
import { narrowPlan } from "./narrow.js";
import type { RepoTarget } from "../github/target.js";
import { planSession } from "./plan.js";
import type { SessionPlan } from "../queue/plan-types.js";
import { recurringMoment } from "./recurring.js";
import { configOf } from "./recover.js";
import { admitUntilDone, type UntilDonePlan } from "./until-done-plan.js";
import { weekendPicks } from "./weekend.js";

export interface CyclePlanDeps {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  targets: readonly RepoTarget[];
  quota: QuotaProvider;
  occurrence?: Occurrence;
  /** Past runs calibrate the tasks' costs; adopted repeat suggestions are recurring tasks. */
  journal: Pick<Journal, "learned" | "repeats">;
  sleep(ms: number): Promise<void>;
  /** The cycle's one read of each repository's raw config (shared with the until-done pass). */
  readConfig?: (target: RepoTarget) => Promise<unknown>;
}

export interface CyclePlan {
  plan: SessionPlan;
  quota: QuotaSnapshot;
}

/**
 * Step 2 of a cycle: the queue's plan narrowed by the session's own limits. When the quota is
 * what stops every task and it comes back before the window closes, waits for it once and
 * plans again instead of giving up the night. Until-done targets' issues go first while they
 * work, within what their pause and cap allow; a paused or capped target's issues are held.
 */
export async function planCycle(
  deps: CyclePlanDeps,
  limits: { spentThisSession: number; stop?: SkipReason },
  untilDone?: UntilDonePlan,
): Promise<CyclePlan> {
  const weekend = deps.occurrence && deps.occurrence.window.name === deps.host.weekend?.window;
  const ticked = weekend ? await weekendPicks(deps.targets, configOf) : undefined;
  const runFirst =
    ticked || untilDone ? new Set([...(ticked ?? []), ...(untilDone?.first ?? [])]) : undefined;
  const attempt = async (): Promise<CyclePlan> => {
    const quota = await deps.quota.snapshot(deps.clock.now());
    const plan = await planSession(deps.targets, quota, deps.host, deps.logger, {
      syncStatus: true,
      // A preview that never happened (the bot was down) leaves the cycles to open them.
      recurring: recurringMoment(deps.host, deps.clock.now(), deps.occurrence),
      adoptedRecurring: (repo) => deps.journal.repeats.adopted(repo),
      calibration: calibrationFor(deps.host, deps.journal),
      ...(runFirst ? { runFirst } : {}),
      ...(untilDone ? { hold: untilDone.hold } : {}),
      ...(deps.readConfig ? { readConfig: deps.readConfig } : {}),
    });
    narrowPlan(plan, {
      now: deps.clock.now(),
      quota,
      occurrence: deps.occurrence,
      sessionCap: deps.host.sessionCapPrompts,
      ...limits,
    });
    if (untilDone) admitUntilDone(plan, untilDone);
    return { plan, quota };
  };
  const first = await attempt();
  const quotaBound = first.plan.repos.some((repo) =>
    repo.skipped.some((skip) => isQuotaBound(skip.reason)),
  );
  if (first.plan.picked.length > 0 || !quotaBound || !deps.occurrence || limits.stop) return first;
  const resumeAt = quotaResumeAt(first.quota, deps.clock.now(), deps.occurrence.closesAt);
  if (!resumeAt) return first;
  deps.logger.info({ resumeAt }, "quota exhausted; waiting for it to reset");
  await deps.sleep(resumeAt.getTime() - deps.clock.now().getTime());
  return attempt();
}
