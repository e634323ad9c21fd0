import type { RepoConfig } from "../config/repo-schema.js";
import type { IssuesPort } from "../github/port.js";
import type { RepoNight } from "./outcome.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { renderDashboard, sameDashboard } from "./dashboard.js";
import type { DashboardRepeats } from "./repeats-section.js";
import { ensureReportIssue } from "./post.js";

/**
 * What the dashboard shows after a session: the queue as planned, less what ran tonight, and
 * with tasks the quota held back listed only under the reason they were held.
 */
export function dashboardView(
  repoPlan: Pick<RepoPlan, "eligible" | "skipped">,
  night: Pick<RepoNight, "runs">,
): Pick<RepoPlan, "eligible" | "skipped"> {
  const ran = new Set(night.runs.map((run) => run.task.issue.number));
  const held = new Set(repoPlan.skipped.map((skip) => skip.task.issue.number));
  return {
    eligible: repoPlan.eligible.filter(
      (task) => !ran.has(task.issue.number) && !held.has(task.issue.number),
    ),
    skipped: repoPlan.skipped.filter((skip) => !ran.has(skip.task.issue.number)),
  };
}

/**
 * Writes the dashboard into the report issue's body, only when what it says changed (the
 * "Updated" time alone is no change), so the issue is not edited for nothing.
 */
export async function postDashboard(
  github: IssuesPort,
  night: RepoNight,
  repoPlan: Pick<RepoPlan, "eligible" | "skipped">,
  config: Pick<RepoConfig, "labels" | "report">,
  now: Date,
  repeats?: DashboardRepeats,
): Promise<"updated" | "unchanged"> {
  const issue = await ensureReportIssue(github, night.repo, config);
  const body = renderDashboard(dashboardView(repoPlan, night), now, repeats);
  if (issue.body !== undefined && sameDashboard(issue.body, body)) return "unchanged";
  await github.updateIssueBody(night.repo, issue.number, body);
  return "updated";
}
