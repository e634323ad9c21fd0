import { chooseBackend } from "../backends/choose.js";
import { REPO_CONFIG_PATH } from "../config/load.js";
import type { HostConfig } from "../config/host-schema.js";
import { DEFAULT_HEALTH_LIMITS, hostProblems, type HostReadings } from "../health/preflight.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { ProgressPoster } from "../report/live-progress.js";
import { postDashboards } from "../report/post-session.js";
import type { RunDeps } from "../run/context.js";
import { describeIsolation } from "../sandbox/probe.js";
import type { Occurrence } from "../schedule/window.js";
import type { Journal } from "../store/journal.js";
import type { Task } from "../queue/task.js";
import type { RunOutcome } from "../run/outcome.js";
import type { IsOwnerAlive } from "../store/owner.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import type { ActionsNightDeps } from "./actions-deps.js";
import { reconcileActions } from "./actions-reconcile.js";
import { dispatchPicks, type ActionsPick } from "./actions-step.js";
import { noCrash, type CrashHook } from "./crash.js";
import { planCycle } from "./cycle-plan.js";
import { startWhenHostAllows } from "./host-guard.js";
import { holdBackLiveRuns } from "./live-runs.js";
import type { SessionOutcome } from "../report/outcome.js";
import type { RepoTarget } from "../github/target.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { onceEach } from "./once-each.js";
import { mapPool } from "./pool.js";
import { recoverInterrupted } from "./recover.js";
import { reportFromJournal, reportOrphanedSessions } from "./report-pass.js";
import { dashboardViews, reportTargetsOfPlan } from "./report-targets.js";
import { sleep } from "../github/retry.js";
import { runOne } from "./run-one.js";
import { untilDonePass } from "./until-done.js";
import { sessionFromJournal } from "./session-outcome.js";
import { FailureStreak, PAUSE_AFTER_FAILURES } from "./streak.js";

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

/** GitHub's secondary limits make one progress edit a minute per repository plenty. */
/** How long a refused morning report is tried again. */
const REPORT_RETRY_MS = 30 * 60_000;

export interface SessionDeps extends Omit<RunDeps, "sessionId" | "logger"> {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  targets: readonly RepoTarget[];
  quota: QuotaProvider;
  sessionId: string;
  readHost(): Promise<HostReadings>;
  journal: Journal;
  /** This process (store/owner.ts): written on its runs and report claims. */
  ownerId: string;
  /** Whether the process named by an owner id is still running; recovery spares live ones. */
  isOwnerAlive: IsOwnerAlive;
  /** Host constraints broken now (e.g. on battery), which stop new runs like host problems. */
  constraintProblems?(): Promise<string[]>;
  /** Safe host fixes (old logs, big logs, stale workspaces); returns what was fixed. */
  fixHost?(): Promise<string[]>;
  /** The window occurrence this cycle belongs to (none for `run --now`). */
  occurrence?: Occurrence;
  /** `morning`: the report follows the runs (`run --now`); `progress`: a cycle of a window. */
  report?: "morning" | "progress";
  crashAt?: CrashHook;
  /** What has grown past its limit in the data directory: reported, never blocking. */
  sizeWarnings?(): Promise<string[]>;
  /** The host's problems right now; checked before each run starts (see host-guard.ts). */
  checkHost?: () => Promise<string[]>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** At most one progress edit per repository this often (default: the host's `progressMinutes`). */
  progressIntervalMs?: number;
  /** How often `run --now` asks GitHub about its runs on Actions while it waits (default 30 s). */
  actionsPollMs?: number;
  /** Tests only: the bot is killed after GitHub took a dispatch, before the journal heard. */
  crashAfterDispatch?: () => void;
}

/** `run --now` waits for its runs on Actions, asking GitHub this often (webhooks come sooner). */
const ACTIONS_POLL_MS = 30_000;

/** The session's view for runs on GitHub Actions: its targets' ports, its run deps. */
export function actionsNightOf(
  deps: SessionDeps,
  logger: Logger,
  onChange?: (repo: string) => void,
): ActionsNightDeps {
  return {
    ...deps,
    logger,
    runDeps: (sessionId) => Promise.resolve({ ...deps, logger, sessionId }),
    targetOf: (repo) => {
      const target = deps.targets.find((t) => repoFullName(t.ref) === repo);
      const actions = target?.actions;
      return Promise.resolve(
        target && actions ? { ref: target.ref, github: target.github, actions } : undefined,
      );
    },
    wait: deps.sleep ?? sleep,
    ...(onChange ? { onChange } : {}),
  };
}

/** This session's runs on Actions still in flight. */
const inFlightOf = (journal: Journal, sessionId: string): number =>
  journal.dispatches
    .inFlight()
    .filter((dispatch) => journal.getRun(dispatch.runId)?.sessionId === sessionId).length;

/** A task the pool left out after planning, recorded like the plan's own skips. */
function skipLater(deps: SessionDeps, plan: RepoPlan, task: RepoPlan["eligible"][number]) {
  return (reason: SkipReason) => {
    plan.skipped.push({ task, reason });
    deps.journal.plans.recordSkip(deps.sessionId, deps.clock.now(), repoFullName(task.repo), {
      task,
      reason,
    });
  };
}

/**
 * One cycle of a session, as PRODUCT.md §4 lists it:
 * 0. recover  1. preflight  2. plan  3. run  4. collect  5. report.
 * What the report says comes from the journal: the plan's skips are recorded as planned,
 * each run as it goes.
 */
export async function runSession(deps: SessionDeps): Promise<SessionOutcome> {
  const { clock, host, journal, sessionId } = deps;
  const crashAt = deps.crashAt ?? noCrash;
  const logger = deps.logger.child({ session: sessionId });
  const kind = deps.report ?? "morning";
  const reportDeps = {
    ...deps,
    logger,
    crashAt,
    sleep: deps.sleep ?? sleep,
    random: deps.random ?? Math.random,
    deadline: new Date(clock.now().getTime() + REPORT_RETRY_MS),
    timeZone: deps.occurrence?.window.timezone ?? host.windows[0]?.timezone ?? "UTC",
  };
  journal.startSession(sessionId, deps.occurrence?.key ?? null, clock.now(), deps.ownerId);

  // 0. Recover: runs a crash left open are settled (their processes stopped first) before
  // anything is planned, and a `run --now` session cut short gets its report.
  // Runs on GitHub Actions go on without this process: they are asked after, not recovered.
  await recoverInterrupted({ ...deps, logger });
  await reconcileActions(actionsNightOf(deps, logger));
  await reportOrphanedSessions(sessionId, deps.targets, reportDeps);

  // 1. Preflight: safe fixes first; a host still in trouble starts nothing new.
  const fixed = (await deps.fixHost?.()) ?? [];
  // No sandbox where one was asked for stops every run; an explicit opt-out is said every time.
  const { isolation } = deps;
  const problems = [
    ...hostProblems(await deps.readHost(), DEFAULT_HEALTH_LIMITS),
    ...((await deps.constraintProblems?.()) ?? []),
    ...(isolation.level === "unavailable" ? [describeIsolation(isolation)] : []),
  ];
  if (problems.length > 0) logger.warn({ problems }, "preflight: starting no runs");
  const warnings = [
    ...(isolation.level === "none" ? [describeIsolation(isolation)] : []),
    ...((await deps.sizeWarnings?.()) ?? []),
  ];
  journal.noteHostFindings(sessionId, {
    problems,
    blocked: problems.length > 0,
    fixed,
    warnings,
  });

  // 2. Plan: every repository's queue together, within the quota, the window and the cap;
  // never an issue whose run is still alive in another process. Recorded as planned.
  let paused = journal.session(sessionId)?.pausedReason ?? undefined;
  const spentThisSession = sum(journal.spendOfSession(sessionId).values());
  const stop: SkipReason | undefined =
    problems.length > 0
      ? { kind: "host-problem", problems }
      : paused
        ? { kind: "session-paused", why: paused }
        : undefined;
  // Until-done targets first: their state, a maintainer's resume, their completion check and
  // status comments; working ones go first in the plan, paused or capped ones are held.
  const readConfig = onceEach((target: RepoTarget) =>
    target.github.readConfig(target.ref, REPO_CONFIG_PATH),
  );
  const untilDone = await untilDonePass(
    {
      host,
      logger,
      journal,
      targets: deps.targets,
      runDeps: { ...deps, logger, sessionId },
      checks: stop === undefined,
      readConfig,
    },
    clock.now(),
  );
  const { plan, quota: before } = await planCycle(
    { ...deps, logger, sleep: deps.sleep ?? sleep, readConfig },
    { spentThisSession, stop },
    untilDone,
  );
  holdBackLiveRuns(plan, journal.openRuns());
  journal.noteSessionQuota(sessionId, before);
  journal.plans.record(
    sessionId,
    clock.now(),
    plan.repos.map((repo) => ({
      repo: repoFullName(repo.target.ref),
      eligible: repo.eligible,
      skipped: repo.skipped,
      problems: repo.problems,
    })),
  );
  logger.info({ picked: plan.picked.length }, "plan ready");
  crashAt("after-plan");

  // 3. Run, up to maxConcurrent at once; 4. collect each as it finishes. The progress comment
  // of a repository whose runs changed is edited at most once per `progressMinutes`.
  const targets = reportTargetsOfPlan(plan);
  const progress = new ProgressPoster({
    sessionId,
    targets,
    journal,
    clock,
    logger,
    snapshot: () => sessionFromJournal(journal, sessionId, { now: clock.now() }),
    intervalMs: deps.progressIntervalMs ?? host.progressMinutes * 60_000,
  });
  const streak = new FailureStreak();
  const onChange = (repo: string) => {
    progress.changed(repo);
  };
  const runDeps = { ...deps, logger, crashAt, sessionId, onChange };
  const noteStreak = (outcome: RunOutcome) => {
    if (streak.record(outcome.status === "failed")) {
      paused = `${PAUSE_AFTER_FAILURES} runs failed in a row (the last: #${outcome.task.issue.number}, ${outcome.reason ?? "failed"})`;
      journal.pauseSession(sessionId, paused);
      logger.error({ reason: paused }, "session paused");
    }
  };
  // Each task's backend: GitHub Actions runs hold no local slot and are dispatched first (a
  // refused choice fails its task with the reason, as a local run).
  const local: { task: Task; plan: RepoPlan; refused?: string }[] = [];
  const onActions: ActionsPick[] = [];
  for (const pick of plan.picked) {
    const config = pick.plan.config;
    const choice = config
      ? chooseBackend(pick.task, config, host)
      : { ok: true as const, kind: "local" as const };
    if (!choice.ok) local.push({ ...pick, refused: choice.reason });
    else if (choice.kind === "local") local.push(pick);
    else onActions.push({ ...pick, choice, skip: skipLater(deps, pick.plan, pick.task) });
  }
  if (paused) {
    for (const pick of onActions) pick.skip({ kind: "session-paused", why: paused });
  } else {
    const refused = await dispatchPicks(
      {
        ...runDeps,
        wait: deps.sleep ?? sleep,
        ...(deps.crashAfterDispatch ? { crashAfterDispatch: deps.crashAfterDispatch } : {}),
      },
      onActions,
      deps.occurrence?.closesAt,
    );
    for (const outcome of refused) noteStreak(outcome);
  }
  const runs = await mapPool(local, host.maxConcurrent, async (pick) => {
    const skip = skipLater(deps, pick.plan, pick.task);
    if (paused) {
      skip({ kind: "session-paused", why: paused });
      return null;
    }
    // The host may have filled up since preflight: check again before each run starts.
    const outcome = await startWhenHostAllows(
      deps.checkHost,
      (found) => {
        skip({ kind: "host-problem", problems: found });
      },
      () => runOne(runDeps, pick.task, pick.plan, pick.refused),
    );
    if (!outcome) return null;
    noteStreak(outcome);
    return outcome;
  });
  logger.info({ runs: runs.filter(Boolean).length }, "runs finished");
  // `run --now` reports its whole night: it waits for its runs on Actions (collected by their
  // webhooks, or here by asking GitHub; a run past its deadline is cancelled).
  if (kind === "morning" && deps.occurrence === undefined) {
    const actionsDeps = actionsNightOf(deps, logger, onChange);
    while (inFlightOf(journal, sessionId) > 0) {
      await reconcileActions(actionsDeps);
      if (inFlightOf(journal, sessionId) === 0) break;
      await (deps.sleep ?? sleep)(deps.actionsPollMs ?? ACTIONS_POLL_MS);
    }
  }

  // 5. Report: a cycle shows its progress and the queue; `run --now` posts its morning report.
  if (kind === "progress") {
    await progress.flush();
    const outcome = sessionFromJournal(journal, sessionId, { now: clock.now() });
    await postDashboards(outcome, dashboardViews(journal, sessionId), targets, reportDeps);
    return outcome;
  }
  await progress.cancel();
  return reportFromJournal(sessionId, targets, reportDeps);
}
