import { accuracy } from "../learn/accuracy.js";
import { compareTasks } from "../queue/order.js";
import { waitsOnlyForTime } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import type { QuotaUnit } from "../quota/unit.js";
import type { RunOutcome } from "../run/outcome.js";
import type { Journal, JournalRun } from "../store/journal.js";
import type { RepoRef } from "../types.js";
import type { SkippedTask } from "../queue/skip-reason.js";
import type { RepoNight, SessionOutcome } from "../report/outcome.js";

const refOf = (fullName: string): RepoRef => {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
};

/** A settled run's outcome; a run of an old journal whose outcome did not survive is described. */
function settled(run: JournalRun): RunOutcome | null {
  if (run.outcome) return run.outcome;
  if (!run.task || !["done", "failed", "interrupted"].includes(run.state)) return null;
  return {
    task: run.task,
    runId: run.id,
    status: run.state === "done" ? "shipped" : run.state === "failed" ? "failed" : "interrupted",
    ...(run.prNumber === null ? {} : { pr: { number: run.prNumber, url: "", draft: false } }),
    gates: [],
    cost: { estimated: run.estimatedCost },
    startedAt: run.startedAt,
    durationMs: Date.parse(run.updatedAt) - Date.parse(run.startedAt),
  };
}

/**
 * The session as its report tells it, read from the journal alone, never from a new plan:
 * exactly the session's runs (settled, or still going), and the tasks its cycles left out
 * when they planned them (the latest reason per issue), less any issue that ran after all.
 * Each repository with a run, a skip or a problem has its part.
 */
export function sessionFromJournal(
  journal: Journal,
  sessionId: string,
  options: { now: Date; quotaAfter?: QuotaSnapshot },
): SessionOutcome {
  const session = journal.session(sessionId);
  const runs = journal.runsOf(sessionId);
  const ran = new Set(runs.map((run) => `${run.repo}#${String(run.issue)}`));
  const skips = journal.plans
    .skipsOf(sessionId)
    .filter((skip) => !ran.has(`${skip.repo}#${String(skip.task.issue.number)}`));
  const plans = journal.plans.reposOf(sessionId);
  const finished = runs.flatMap((run) => {
    const outcome = settled(run);
    return outcome ? [{ repo: run.repo, outcome }] : [];
  });
  const running = runs.flatMap((run) =>
    settled(run) || !run.task ? [] : [{ runId: run.id, task: run.task, startedAt: run.startedAt }],
  );
  const problems = new Map(plans.map((plan) => [plan.repo, plan.problems]));
  const learned = journal.learned.ofSession(sessionId);
  const before = session?.quotaBefore ?? null;
  const after = options.quotaAfter ?? session?.quotaAfter ?? null;
  // The provider's unit, as its snapshots said it; a session that never read the quota has
  // no figure but its runs' estimates, which its tasks' defaults gave in prompts.
  const unit: QuotaUnit = after?.unit ?? before?.unit ?? "prompts";
  const accuracyOf = (repo: string) => ({
    rows: accuracy(
      learned.filter((run) => run.repo === repo).map((run) => run.record),
      { metric: unit },
    ),
  });
  const names = [
    ...new Set([
      ...runs.map((run) => run.repo),
      ...skips.map((skip) => skip.repo),
      ...plans.filter((plan) => plan.problems.length > 0).map((plan) => plan.repo),
    ]),
  ].sort();
  const repos = names.map((name): RepoNight => ({
    repo: refOf(name),
    runs: finished.filter((run) => run.repo === name).map((run) => run.outcome),
    skipped: skips
      .filter((skip) => skip.repo === name)
      .map((skip): SkippedTask => ({ task: skip.task, reason: skip.reason })),
    problems: problems.get(name) ?? [],
    accuracy: accuracyOf(name),
  }));
  const spent = [...journal.spendOfSession(sessionId, unit).values()].reduce((a, b) => a + b, 0);
  const unknown = after?.unknown ?? before?.unknown;
  const nextUp: Task[] = skips
    .filter((skip) => waitsOnlyForTime(skip.reason))
    .map((skip) => skip.task)
    .sort(compareTasks);
  return {
    sessionId,
    startedAt: session?.startedAt ?? options.now.toISOString(),
    finishedAt: session?.finishedAt ?? options.now.toISOString(),
    repos,
    quota: {
      unit,
      limit: before?.limit ?? after?.limit ?? null,
      remainingBefore: before?.remaining ?? null,
      remainingAfter: after?.remaining ?? null,
      spent,
      ...(unknown === undefined ? {} : { unknown }),
    },
    host: session?.host ?? { problems: [], blocked: false },
    ...(session?.pausedReason ? { paused: session.pausedReason } : {}),
    nextUp,
    running,
  };
}
