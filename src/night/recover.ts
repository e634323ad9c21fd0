import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import { RepoConfigSchema, type RepoConfig } from "../config/repo-schema.js";
import type { PullRequestInfo } from "../github/port.js";
import type { RunOutcome } from "../run/outcome.js";
import { killRecordedGroup } from "../runner/process-group.js";
import type { Journal, JournalRun } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import type { ProcessGroup } from "../runner/process-group.js";
import type { RunState } from "../store/run-state.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { issueComment, stateLabel } from "./collect.js";
import type { RepoTarget } from "../github/target.js";
import { placeholderTask } from "./placeholder-task.js";

export interface RecoverDeps {
  journal: Journal;
  targets: readonly RepoTarget[];
  clock: Clock;
  logger: Logger;
  /** Only runs whose owner is gone are touched: a live process may still be doing them. */
  isOwnerAlive: IsOwnerAlive;
  /** Stops a run's recorded process group; true when it did (see runner/process-group.ts). */
  killGroup?: (group: ProcessGroup) => boolean;
}

export async function configOf(target: RepoTarget): Promise<RepoConfig> {
  try {
    return parseRepoConfig(await target.github.readConfig(target.ref, REPO_CONFIG_PATH));
  } catch {
    return RepoConfigSchema.parse({});
  }
}

type FoundPull = Pick<PullRequestInfo, "number" | "url" | "draft">;

/** The run's pull request: the one its branch has open, else the one the journal recorded. */
async function pullOf(run: JournalRun, target: RepoTarget | undefined): Promise<FoundPull | null> {
  const open =
    target && run.branch ? await target.github.findOpenPull(target.ref, run.branch) : null;
  if (open) return open;
  return run.prNumber === null ? null : { number: run.prNumber, url: "", draft: false };
}

/** What recovery can say of a run: shipped if its PR is there, else interrupted (queued again). */
function outcomeOf(run: JournalRun, pull: FoundPull | null): RunOutcome {
  const why = `interrupted while ${run.state} (the host stopped)`;
  const base = {
    runId: run.id,
    task: run.task ?? placeholderTask(run),
    interrupted: why,
    gates: [],
    cost: { estimated: run.estimatedCost },
    startedAt: run.startedAt,
    durationMs: Date.parse(run.updatedAt) - Date.parse(run.startedAt),
    ...(run.branch ? { branch: run.branch } : {}),
  };
  if (!pull) return { ...base, status: "interrupted", reason: `${why}; queued again` };
  // A draft is what a failed gate makes (run/ship.ts): the run did not pass.
  return pull.draft
    ? {
        ...base,
        status: "failed",
        reason: `${why} after opening draft PR #${pull.number}`,
        pr: pull,
      }
    : { ...base, status: "shipped", pr: pull };
}

/**
 * Settles runs a crash left open, and only those whose owner is gone. First, before anything
 * else, it stops what they may have left running (an agent outside a sandbox outlives the bot).
 * A run whose outcome was journaled is finished with it (collected if the crash came before
 * that). Otherwise a run whose pull request exists is finished: shipped (or failed, for a
 * draft), its labels and its issue comment; a run without one, and a review follow-up (its
 * pull request is older than the run), is interrupted, its `running` label removed so the task
 * is queued again. Either way the journal keeps the run, so the
 * session's report accounts for it. A run that started its agent has spent (once, recorded
 * as it started); one that never did spent nothing.
 */
export async function recoverInterrupted(deps: RecoverDeps): Promise<JournalRun[]> {
  const { journal, clock, logger } = deps;
  const kill = deps.killGroup ?? killRecordedGroup;
  // A run on GitHub Actions goes on without its process: the reconciler asks GitHub about it.
  const orphans = journal
    .openRuns()
    .filter((run) => !deps.isOwnerAlive(run.ownerId) && journal.dispatches.get(run.id) === null);
  for (const run of orphans) {
    if (!run.processGroup) continue;
    const killed = kill(run.processGroup);
    journal.noteProcessGroup(run.id, null);
    logger.warn({ run: run.id, pgid: run.processGroup.pgid, killed }, "stopped an orphaned run");
  }
  const settledRuns: JournalRun[] = [];
  for (const run of orphans) {
    const target = deps.targets.find((t) => repoFullName(t.ref) === run.repo);
    const known = run.outcome;
    // A follow-up's pull request was there before it started and says nothing of the run: one
    // without a journaled outcome is interrupted (its `followUp` label kept, so it runs again).
    const pull = known ? (known.pr ?? null) : run.task?.followUp ? null : await pullOf(run, target);
    const outcome = known ?? outcomeOf(run, pull);
    if (target) {
      const { labels } = await configOf(target);
      const next = stateLabel(labels, outcome.status);
      await target.github.replaceLabels(target.ref, run.issue, {
        add: next === undefined ? [] : [next],
        remove: [labels.running],
      });
      if ((known || pull) && !run.collected) {
        await target.github.createComment(
          target.ref,
          run.issue,
          `${issueComment(outcome)} (The host restarted before Nightshift could say so.)`,
        );
      }
    }
    // no-change is done (nothing to ship), like a run that finished normally.
    const state: RunState =
      outcome.status === "failed"
        ? "failed"
        : outcome.status === "interrupted"
          ? "interrupted"
          : "done";
    settledRuns.push(
      journal.advanceRun(run.id, state, clock.now(), {
        ...(pull ? { prNumber: pull.number } : {}),
        outcome,
      }),
    );
    logger.warn({ run: run.id, state: run.state, pr: pull?.number }, "recovered interrupted run");
  }
  return settledRuns;
}
