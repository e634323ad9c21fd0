import type { Probot } from "probot";
import type { HostConfig } from "../config/host-schema.js";
import type { RepoConfig } from "../config/repo-schema.js";
import { listInstallations } from "../github/installations.js";
import type { CommentsPort, IssuesPort } from "../github/port.js";
import type { RepoTarget } from "../github/target.js";
import type { CalibratedEstimate } from "../learn/calibration.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { isQuotaBound, type SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { weekendCandidates, type Standing, type WeekendTask } from "../queue/weekend.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { ensureReportIssue } from "../report/post.js";
import { marker, upsertComment } from "../report/upsert.js";
import { renderWeekendComment, parseWeekendTicks } from "../report/weekend-comment.js";
import { renderWeekendSummary, type WeekendOutcome } from "../report/weekend-summary.js";
import type { WeekendWork } from "../schedule/weekend-due.js";
import type { Journal } from "../store/journal.js";
import { repoFullName, type CommentSnapshot, type Logger, type RepoRef } from "../types.js";
import { calibrationFor } from "./calibration.js";
import { planSession } from "./plan.js";

export interface WeekendDeps {
  probot: Probot;
  host: HostConfig;
  quota: QuotaProvider;
  logger: Logger;
  journal: Pick<Journal, "learned">;
  now: Date;
}

/** The prefix of every weekend list's marker: the latest such bot comment holds the ticks. */
const PLAN_KIND = "weekend";

/** Queued means it could run on a later night: waiting for quota or a bigger window counts. */
function standingOf(reason: SkipReason): Standing {
  if (reason.kind === "needs-approval") return "needs-approval";
  if (isQuotaBound(reason) || reason.kind.startsWith("window-") || reason.kind === "too-big") {
    return "ready";
  }
  return "held";
}

function queueOf(plan: RepoPlan): WeekendTask[] {
  return [
    ...plan.eligible.map((task) => ({ task, standing: "ready" as const })),
    ...plan.skipped.map(({ task, reason }) => ({ task, standing: standingOf(reason) })),
  ];
}

const estimateOf = (task: Task): CalibratedEstimate =>
  task.estimate
    ? {
        value: task.cost,
        basis: "calibrated",
        runs: task.estimate.runs,
        scope: task.estimate.scope,
      }
    : { value: task.cost, basis: "category-default", runs: 0 };

/** Friday: each opted-in repository's report issue gets its weekend candidates with tick boxes. */
export async function postWeekendPlans(deps: WeekendDeps, work: WeekendWork): Promise<void> {
  const { targets } = await listInstallations(deps.probot);
  const quota = await deps.quota.snapshot(deps.now);
  const plan = await planSession(targets, quota, deps.host, deps.logger, {
    calibration: calibrationFor(deps.host, deps.journal),
  });
  for (const repo of plan.repos) {
    const config = repo.config;
    if (!config?.enabled || !config.weekend.enabled || repo.info?.archived) continue;
    const candidates = weekendCandidates(queueOf(repo), estimateOf, {
      count: config.weekend.candidates,
    });
    const { github, ref } = repo.target;
    const report = await ensureReportIssue(github, ref, config);
    const mark = marker(PLAN_KIND, work.key);
    await upsertComment(github, ref, report.number, mark, renderWeekendComment(candidates));
    deps.logger.info({ repo: repoFullName(ref), candidates: candidates.length }, "weekend list");
  }
}

/** The latest weekend list among the report issue's comments, if the bot posted one. */
export const latestWeekendList = (
  comments: readonly CommentSnapshot[],
): CommentSnapshot | undefined =>
  comments.findLast(
    (comment) =>
      comment.authorType === "Bot" && comment.body.startsWith(`<!-- nightshift:${PLAN_KIND} `),
  );

/** The issues ticked on a repository's latest weekend list (only an approver's tick stays). */
async function tickedOf(
  github: IssuesPort & CommentsPort,
  ref: RepoRef,
  label: string,
): Promise<number[]> {
  const report = await github.findIssueWithLabel(ref, label);
  if (!report) return [];
  const list = latestWeekendList(await github.listComments(ref, report.number));
  return list ? parseWeekendTicks(list.body) : [];
}

/** `owner/repo#N` of every ticked weekend candidate: the weekend window runs these first. */
export async function weekendPicks(
  targets: readonly RepoTarget[],
  configOf: (target: RepoTarget) => Promise<RepoConfig>,
): Promise<Set<string>> {
  const picks = new Set<string>();
  for (const target of targets) {
    const config = await configOf(target);
    if (!config.enabled || !config.weekend.enabled) continue;
    for (const issue of await tickedOf(target.github, target.ref, config.labels.report)) {
      picks.add(`${repoFullName(target.ref)}#${String(issue)}`);
    }
  }
  return picks;
}

/** Sunday: what became of each ticked candidate, on each opted-in repository's report issue. */
export async function postWeekendSummaries(deps: WeekendDeps, work: WeekendWork): Promise<void> {
  const { targets } = await listInstallations(deps.probot);
  const quota = await deps.quota.snapshot(deps.now);
  const plan = await planSession(targets, quota, deps.host, deps.logger);
  for (const repo of plan.repos) {
    const config = repo.config;
    if (!config?.enabled || !config.weekend.enabled || repo.info?.archived) continue;
    const { github, ref } = repo.target;
    const report = await github.findIssueWithLabel(ref, config.labels.report);
    if (!report) continue;
    const list = latestWeekendList(await github.listComments(ref, report.number));
    if (!list) continue;
    const outcomes: WeekendOutcome[] = [];
    for (const number of parseWeekendTicks(list.body)) {
      const { issue } = await github.getIssue(ref, number);
      const labels = new Set(issue.labels);
      outcomes.push({
        issue: number,
        title: issue.title,
        state:
          issue.state === "closed"
            ? "closed"
            : labels.has(config.labels.prOpen)
              ? "pr-open"
              : labels.has(config.labels.failed)
                ? "failed"
                : "not-run",
      });
    }
    const mark = marker("weekend-summary", work.key);
    await upsertComment(github, ref, report.number, mark, renderWeekendSummary(outcomes));
  }
}
