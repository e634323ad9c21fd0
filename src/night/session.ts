import type { HostConfig } from "../config/host-schema.js";
import { DEFAULT_HEALTH_LIMITS, hostProblems, type HostReadings } from "../health/preflight.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { progressPoster } from "../report/live-progress.js";
import { postSessionReports } from "../report/post-session.js";
import type { Occurrence } from "../schedule/window.js";
import type { Journal } from "../store/journal.js";
import type { Clock, Logger } from "../types.js";
import { describeIsolation } from "../sandbox/probe.js";
import { noCrash, type CrashHook } from "./crash.js";
import { planCycle } from "./cycle-plan.js";
import type { SessionOutcome } from "./outcome.js";
import type { RepoTarget } from "./plan.js";
import { startWhenHostAllows } from "./host-guard.js";
import { mapPool } from "./pool.js";
import { recoverInterrupted } from "./recover.js";
import { sleep } from "./retry.js";
import { runOne } from "./run-one.js";
import type { RunDeps } from "../run/context.js";
import { sessionOutcome } from "./session-outcome.js";
import { FailureStreak, PAUSE_AFTER_FAILURES } from "./streak.js";

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

export interface SessionDeps extends Omit<RunDeps, "sessionId" | "logger"> {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  targets: readonly RepoTarget[];
  quota: QuotaProvider;
  sessionId: string;
  readHost(): Promise<HostReadings>;
  journal: Journal;
  /** Host constraints broken now (e.g. on battery), which stop new runs like host problems. */
  constraintProblems?(): Promise<string[]>;
  /** Safe host fixes (old logs, big logs, stale workspaces); returns what was fixed. */
  fixHost?(): Promise<string[]>;
  /** The window occurrence this cycle belongs to (none for `run --now`). */
  occurrence?: Occurrence;
  /** `morning`: the final report; `progress`: edit the night's progress comment. */
  report?: "morning" | "progress";
  crashAt?: CrashHook;
  /** What has grown past its limit in the data directory: reported, never blocking. */
  sizeWarnings?(): Promise<string[]>;
  /** The host's problems right now; checked before each run starts (see host-guard.ts). */
  checkHost?: () => Promise<string[]>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One cycle of a session, as PRODUCT.md §4 lists it:
 * 0. recover  1. preflight  2. plan  3. run  4. collect  5. report.
 */
export async function runSession(deps: SessionDeps): Promise<SessionOutcome> {
  const { clock, host, journal, sessionId } = deps;
  const crashAt = deps.crashAt ?? noCrash;
  const logger = deps.logger.child({ session: sessionId });
  journal.startSession(sessionId, deps.occurrence?.key ?? null, clock.now());
  const startedAt = new Date(journal.session(sessionId)?.startedAt ?? clock.now());

  // 0. Recover: runs a crash left open are settled before anything is planned.
  await recoverInterrupted(journal, deps.targets, clock, logger);

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

  // 2. Plan: every repository's queue together, within the quota, the window and the cap.
  let paused = journal.session(sessionId)?.pausedReason ?? undefined;
  const spentThisSession = sum(journal.spendOfSession(sessionId).values());
  const stop: SkipReason | undefined =
    problems.length > 0
      ? { kind: "host-problem", problems }
      : paused
        ? { kind: "session-paused", why: paused }
        : undefined;
  const { plan, quota: before } = await planCycle(
    { ...deps, logger, sleep: deps.sleep ?? sleep },
    { spentThisSession, stop },
  );
  logger.info({ picked: plan.picked.length }, "plan ready");
  crashAt("after-plan");

  // 3. Run, up to maxConcurrent at once; 4. collect each as it finishes, and edit the progress.
  const streak = new FailureStreak();
  const progress = progressPoster(plan, logger);
  const snapshot = (): SessionOutcome =>
    sessionOutcome(journal, {
      sessionId,
      startedAt,
      finishedAt: clock.now(),
      plan,
      before,
      after: before,
      host: { problems, blocked: problems.length > 0, fixed, warnings },
      paused,
    });
  const runs = await mapPool(plan.picked, host.maxConcurrent, async (pick) => {
    if (paused) {
      pick.plan.skipped.push({ task: pick.task, reason: { kind: "session-paused", why: paused } });
      return null;
    }
    // The host may have filled up since preflight: check again before each run starts.
    const outcome = await startWhenHostAllows(
      deps.checkHost,
      (problems) =>
        pick.plan.skipped.push({ task: pick.task, reason: { kind: "host-problem", problems } }),
      () => runOne({ ...deps, logger, crashAt, sessionId }, pick.task, pick.plan),
    );
    if (!outcome) return null;
    if (streak.record(outcome.status === "failed")) {
      paused = `${PAUSE_AFTER_FAILURES} runs failed in a row (the last: #${outcome.task.issue.number}, ${outcome.reason ?? "failed"})`;
      journal.pauseSession(sessionId, paused);
      logger.error({ reason: paused }, "session paused");
    }
    await progress.post(snapshot());
    return outcome;
  });
  logger.info({ runs: runs.filter(Boolean).length }, "runs finished");

  // 5. Report: each repository gets its own report about its own issues.
  const outcome = sessionOutcome(journal, {
    sessionId,
    startedAt,
    finishedAt: clock.now(),
    plan,
    before,
    after: await deps.quota.snapshot(clock.now()),
    host: { problems, blocked: problems.length > 0, fixed, warnings },
    paused,
  });
  crashAt("before-report");
  await postSessionReports(plan, outcome, { kind: deps.report ?? "morning", logger });
  if ((deps.report ?? "morning") === "morning") {
    journal.finishSession(sessionId, clock.now(), JSON.stringify(outcome));
  }
  crashAt("after-report");
  return outcome;
}
