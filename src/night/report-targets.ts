import { RepoConfigSchema } from "../config/repo-schema.js";
import type { ReportTarget } from "../report/report-target.js";
import type { Journal } from "../store/journal.js";
import { repoFullName } from "../types.js";
import type { SkippedTask } from "../queue/skip-reason.js";
import type { RepoTarget } from "../github/target.js";
import type { RepoPlan, SessionPlan } from "../queue/plan-types.js";
import { configOf } from "./recover.js";

/** Where each planned repository's comments go, with the config planning read. */
export function reportTargetsOfPlan(plan: SessionPlan): Map<string, ReportTarget> {
  return new Map(
    plan.repos
      .filter((repo) => !repo.info?.archived)
      .map((repo) => [
        repoFullName(repo.target.ref),
        {
          ref: repo.target.ref,
          github: repo.target.github,
          config: repo.config ?? RepoConfigSchema.parse({}),
        },
      ]),
  );
}

/** Where the named repositories' comments go, their configs read now (defaults when broken). */
export async function reportTargetsFor(
  targets: readonly RepoTarget[],
  names: readonly string[],
): Promise<Map<string, ReportTarget>> {
  const found = new Map<string, ReportTarget>();
  for (const target of targets) {
    const name = repoFullName(target.ref);
    if (!names.includes(name)) continue;
    found.set(name, { ref: target.ref, github: target.github, config: await configOf(target) });
  }
  return found;
}

/** Each repository's queue as the session last planned it, for its dashboard. */
export function dashboardViews(
  journal: Journal,
  sessionId: string,
): Map<string, Pick<RepoPlan, "eligible" | "skipped">> {
  const skips = journal.plans.skipsOf(sessionId);
  return new Map(
    journal.plans.reposOf(sessionId).map((plan) => [
      plan.repo,
      {
        eligible: plan.eligible,
        skipped: skips
          .filter((skip) => skip.repo === plan.repo)
          .map((skip): SkippedTask => ({ task: skip.task, reason: skip.reason })),
      },
    ]),
  );
}
