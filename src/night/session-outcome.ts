import type { Task } from "../queue/task.js";
import type { QuotaSnapshot } from "../quota/thresholds.js";
import type { Journal } from "../store/journal.js";
import { repoFullName } from "../types.js";
import type { RepoNight, SessionOutcome } from "./outcome.js";
import type { RunOutcome } from "../run/outcome.js";
import type { SessionPlan } from "./plan.js";
import { nextUp } from "./narrow.js";

export interface OutcomeInput {
  sessionId: string;
  startedAt: Date;
  finishedAt: Date;
  plan: SessionPlan;
  before: QuotaSnapshot;
  after: QuotaSnapshot;
  host: SessionOutcome["host"];
  paused?: string;
}

/**
 * The session as the report tells it, from the journal: every run of the session (earlier
 * cycles, recovered ones, this cycle's), plus this cycle's skipped tasks and host findings.
 */
export function sessionOutcome(journal: Journal, input: OutcomeInput): SessionOutcome {
  const runs = journal.runsOf(input.sessionId);
  const finished = runs.flatMap((run) => {
    const outcome = run.detail["outcome"] as RunOutcome | undefined;
    return outcome ? [outcome] : [];
  });
  const running = runs.flatMap((run) => {
    const task = run.detail["task"] as Task | undefined;
    return run.detail["outcome"] || !task ? [] : [{ task, startedAt: run.startedAt }];
  });
  const spent = [...journal.spendOfSession(input.sessionId).values()].reduce((a, b) => a + b, 0);
  return {
    sessionId: input.sessionId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    repos: input.plan.repos.map((repoPlan): RepoNight => ({
      repo: repoPlan.target.ref,
      runs: finished.filter((run) => sameRepo(run.task, repoPlan.target.ref)),
      skipped: repoPlan.skipped,
      problems: repoPlan.problems,
    })),
    quota: {
      limit: input.before.limit,
      remainingBefore: input.before.remaining,
      remainingAfter: input.after.remaining,
      spent,
      unknown: input.after.unknown ?? input.before.unknown,
    },
    host: input.host,
    paused: input.paused,
    nextUp: nextUp(input.plan),
    running,
  };
}

const sameRepo = (task: Task, ref: Task["repo"]): boolean =>
  repoFullName(task.repo) === repoFullName(ref);
