import type { SessionOutcome } from "./outcome.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { withRetry } from "../github/retry.js";
import type { Journal } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { retryUntil, type DeadlineRetry } from "./deadline-retry.js";
import { lostNotes } from "./lost-notes.js";
import { postDashboard } from "./post-dashboard.js";
import { postMorningReport } from "./post.js";
import { dashboardRepeats } from "./repeats-section.js";
import type { ReportTarget } from "./report-target.js";
import { labelStillRunning } from "./still-running.js";

export interface PostReportsDeps {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  /** Called after each repository's report is out (the crash suite kills the process there). */
  afterEachReport?: () => void;
  /** Who claims each report (store/owner.ts); a claim of a live owner is left to it. */
  ownerId: string;
  isOwnerAlive: IsOwnerAlive;
  /** How long, and how, a refused report is tried again. */
  retry: Omit<DeadlineRetry, "clock">;
}

export type ReportState = "posted" | "already" | "held" | "lost";

/**
 * Each repository's morning report about its own issues, exactly once per session: a report
 * is claimed in the journal before it is posted and marked posted after, so a restart posts
 * the ones still owed and none twice (a report whose claim was left by a dead process is
 * posted again over its own marker, which edits it if it got out). A report GitHub keeps
 * refusing until the deadline is recorded as lost, and the next comment that gets through
 * says so. One repository's failure does not keep the others from theirs.
 */
export async function postMorningReports(
  outcome: SessionOutcome,
  targets: ReadonlyMap<string, ReportTarget>,
  deps: PostReportsDeps,
): Promise<Map<string, ReportState>> {
  const { journal, clock, logger } = deps;
  const states = new Map<string, ReportState>();
  for (const night of outcome.repos) {
    const name = repoFullName(night.repo);
    const target = targets.get(name);
    if (!target) {
      logger.warn({ repo: name }, "no installation serves this repository now; no report");
      continue;
    }
    const claim = journal.posts.claim(
      outcome.sessionId,
      name,
      "morning",
      deps.ownerId,
      clock.now(),
      deps.isOwnerAlive,
    );
    if (claim !== "mine") {
      states.set(name, claim === "done" ? "already" : "held");
      continue;
    }
    const lost = journal.posts.lostUnmentioned(name);
    try {
      await retryUntil(
        () => postMorningReport(target.github, night, outcome, target.config, lostNotes(lost)),
        { ...deps.retry, clock },
      );
      journal.posts.mark(outcome.sessionId, name, "morning", "posted", clock.now());
      journal.posts.markMentioned(name, lost);
      states.set(name, "posted");
      await labelStillRunning(target.github, night.repo, outcome, target.config, (id) =>
        Boolean(journal.getRun(id)?.outcome),
      ).catch((error: unknown) => {
        logger.warn({ err: error, repo: name }, "labelling the runs still going failed");
      });
      deps.afterEachReport?.();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      journal.posts.mark(outcome.sessionId, name, "morning", "lost", clock.now(), message);
      logger.error({ err: error, repo: name }, "posting the morning report failed");
      states.set(name, "lost");
    }
  }
  return states;
}

/**
 * The report issues' dashboards: each repository's queue as last planned, less what ran, and
 * its repeat suggestions and adopted recurring tasks. Written only where what it says changed.
 */
export async function postDashboards(
  outcome: SessionOutcome,
  views: ReadonlyMap<string, Pick<RepoPlan, "eligible" | "skipped">>,
  targets: ReadonlyMap<string, ReportTarget>,
  deps: Pick<PostReportsDeps, "clock" | "logger" | "journal">,
): Promise<void> {
  for (const night of outcome.repos) {
    const name = repoFullName(night.repo);
    const target = targets.get(name);
    const view = views.get(name);
    if (!target || !view) continue;
    try {
      const repeats = dashboardRepeats(deps.journal, name, target.config);
      await withRetry(() =>
        postDashboard(target.github, night, view, target.config, deps.clock.now(), repeats),
      );
    } catch (error) {
      deps.logger.error({ err: error, repo: name }, "updating the dashboard failed");
    }
  }
}
