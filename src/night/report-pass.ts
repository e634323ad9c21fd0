import type { QuotaProvider } from "../quota/ledger.js";
import { postDashboards, postMorningReports } from "../report/post-session.js";
import type { ReportTarget } from "../report/report-target.js";
import type { Journal } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import type { Clock, Logger } from "../types.js";
import type { CrashHook } from "./crash.js";
import type { SessionOutcome } from "../report/outcome.js";
import type { RepoTarget } from "../github/target.js";
import { recoverInterrupted } from "./recover.js";
import { refreshRepeatOffers } from "./repeat-offers.js";
import { dashboardViews, reportTargetsFor } from "./report-targets.js";
import { sessionFromJournal } from "./session-outcome.js";

export interface ReportDeps {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  quota: QuotaProvider;
  crashAt: CrashHook;
  ownerId: string;
  isOwnerAlive: IsOwnerAlive;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Refused reports are tried again until then. */
  deadline: Date;
  /** The window's timezone: which weekday or day of the month repeat suggestions fall on. */
  timeZone?: string;
}

/**
 * Step 5, the morning report, from the journal: the session's runs and recorded skips, one
 * report per repository (claimed, posted, marked), every progress comment given its last
 * word, the dashboards; then the session is finished.
 */
export async function reportFromJournal(
  sessionId: string,
  targets: ReadonlyMap<string, ReportTarget>,
  deps: ReportDeps,
): Promise<SessionOutcome> {
  const { journal, clock } = deps;
  deps.crashAt("before-report");
  const quotaAfter = await deps.quota.snapshot(clock.now());
  const outcome = sessionFromJournal(journal, sessionId, { now: clock.now(), quotaAfter });
  const states = await postMorningReports(outcome, targets, {
    ...deps,
    afterEachReport: () => {
      deps.crashAt("between-reports");
    },
    retry: { sleep: deps.sleep, random: deps.random, until: deps.deadline },
  });
  // Repeats worth scheduling, from the closed issues, for the dashboards' tick boxes.
  await refreshRepeatOffers(
    [...targets].filter(([name]) => states.get(name) === "posted"),
    { ...deps, timeZone: deps.timeZone ?? "UTC" },
  );
  await postDashboards(outcome, dashboardViews(journal, sessionId), targets, deps);
  // A report another live process is posting is its to finish.
  if (![...states.values()].includes("held")) {
    journal.finishSession(sessionId, clock.now(), quotaAfter);
  }
  deps.crashAt("after-report");
  return sessionFromJournal(journal, sessionId, { now: clock.now() });
}

/**
 * Reports of `run --now` sessions a crash cut short (their process is gone, their report not
 * out): no later pass of theirs will come, so it goes out now, after recovery settled their
 * runs. Scheduled sessions get theirs from their window's report pass.
 */
export async function reportOrphanedSessions(
  currentSessionId: string,
  targets: readonly RepoTarget[],
  deps: ReportDeps,
): Promise<void> {
  for (const session of deps.journal.unfinishedSessions()) {
    if (session.id === currentSessionId || session.windowKey !== null) continue;
    if (deps.isOwnerAlive(session.ownerId)) continue;
    const names = sessionFromJournal(deps.journal, session.id, { now: deps.clock.now() }).repos.map(
      (night) => `${night.repo.owner}/${night.repo.repo}`,
    );
    deps.logger.warn({ session: session.id }, "reporting a session a crash cut short");
    await reportFromJournal(session.id, await reportTargetsFor(targets, names), deps);
  }
}

/**
 * The scheduled report pass of a window: nothing is planned or run. Runs a crash left open
 * are settled first, then the session's report is told from the journal.
 */
export async function reportPass(
  sessionId: string,
  windowKey: string,
  targets: readonly RepoTarget[],
  deps: ReportDeps & { reconcileActions?: () => Promise<void> },
): Promise<SessionOutcome> {
  const { journal, clock } = deps;
  journal.startSession(sessionId, windowKey, clock.now(), deps.ownerId);
  await recoverInterrupted({ ...deps, targets });
  // Runs on GitHub Actions: collected if they completed, cancelled once the window closed.
  await deps.reconcileActions?.();
  await reportOrphanedSessions(sessionId, targets, deps);
  const names = sessionFromJournal(journal, sessionId, { now: clock.now() }).repos.map(
    (night) => `${night.repo.owner}/${night.repo.repo}`,
  );
  return reportFromJournal(sessionId, await reportTargetsFor(targets, names), deps);
}
