import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort } from "../github/port.js";
import type { RunOutcome } from "../run/outcome.js";
import type { Journal } from "../store/journal.js";
import type { Clock } from "../types.js";
import { recordOutcome } from "./collect.js";
import { noCrash, type CrashHook } from "./crash.js";
import { withRetry } from "../github/retry.js";

/**
 * A run's ending, whichever backend ran it: the outcome journaled first (a crash after this is
 * settled with it), then collect (labels, the comment), then the final state. Local
 * runs and runs on GitHub Actions end here alike, so the morning report counts them the same.
 */
export async function settleRun(
  deps: {
    journal: Journal;
    clock: Clock;
    crashAt?: CrashHook;
    /** What the run teaches calibration and the quota, once its outcome is journaled. */
    learn?: (id: string, outcome: RunOutcome) => Promise<void>;
  },
  github: GitHubPort,
  config: Pick<RepoConfig, "labels">,
  id: string,
  outcome: RunOutcome,
): Promise<RunOutcome> {
  const { journal, clock } = deps;
  const crashAt = deps.crashAt ?? noCrash;
  const journaled: RunOutcome = { ...outcome, runId: id };
  journal.noteOutcome(id, journaled);
  await deps.learn?.(id, journaled);
  crashAt("after-outcome");
  await withRetry(() => recordOutcome(github, config, journaled));
  journal.noteCollected(id);
  crashAt("after-collect");
  journal.advanceRun(id, journaled.status === "failed" ? "failed" : "done", clock.now(), {
    ...(journaled.pr ? { prNumber: journaled.pr.number } : {}),
    outcome: journaled,
  });
  crashAt("after-run-done");
  return journaled;
}
