import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import { RepoConfigSchema, type RepoConfig } from "../config/repo-schema.js";
import type { Task } from "../queue/task.js";
import type { Journal, JournalRun } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import type { RunOutcome } from "../run/outcome.js";
import type { RepoTarget } from "./plan.js";

async function configOf(target: RepoTarget): Promise<RepoConfig> {
  try {
    return parseRepoConfig(await target.github.readConfig(target.ref, REPO_CONFIG_PATH));
  } catch {
    return RepoConfigSchema.parse({});
  }
}

/**
 * Settles runs a crash left open. A run whose pull request exists is finished (labels, and the
 * issue comment if the crash came before it); a run without one is marked failed as
 * interrupted and its `running` label removed, so the task is queued again. Either way the
 * journal keeps the run, so the report accounts for it.
 */
export async function recoverInterrupted(
  journal: Journal,
  targets: readonly RepoTarget[],
  clock: Clock,
  logger: Logger,
): Promise<RunOutcome[]> {
  const settled: RunOutcome[] = [];
  for (const run of journal.interruptedRuns()) {
    const target = targets.find((t) => repoFullName(t.ref) === run.repo);
    if (!target) continue;
    const config = await configOf(target);
    const task = run.detail["task"] as Task | undefined;
    const branch = run.detail["branch"] as string | undefined;
    const pull = branch ? await target.github.findOpenPull(target.ref, branch) : null;
    const outcome = outcomeOf(run, task, pull, clock);
    const { labels } = config;
    if (pull) {
      await target.github.addLabels(target.ref, run.issue, [labels.prOpen]);
      if (run.detail["collected"] !== true) {
        await target.github.createComment(
          target.ref,
          run.issue,
          `🌙 Nightshift opened #${pull.number} for this issue; the host restarted before it could say so.`,
        );
      }
    }
    await target.github.removeLabel(target.ref, run.issue, labels.running);
    journal.advanceRun(run.id, pull ? "done" : "failed", clock.now(), {
      prNumber: pull?.number,
      detail: { outcome, recovered: true },
    });
    logger.warn({ run: run.id, state: run.state, pr: pull?.number }, "recovered interrupted run");
    settled.push(outcome);
  }
  return settled;
}

function outcomeOf(
  run: JournalRun,
  task: Task | undefined,
  pull: { number: number; url: string; draft: boolean } | null,
  clock: Clock,
): RunOutcome {
  const why = `interrupted while ${run.state} (the host stopped)`;
  return {
    runId: run.id,
    task: task ?? placeholderTask(run),
    status: pull ? "shipped" : "failed",
    reason: pull ? undefined : `${why}; queued again`,
    interrupted: why,
    pr: pull ?? undefined,
    gates: [],
    cost: { estimated: run.estimatedCost },
    startedAt: run.startedAt,
    durationMs: clock.now().getTime() - new Date(run.startedAt).getTime(),
  };
}

function placeholderTask(run: JournalRun): Task {
  const [owner = "", repo = ""] = run.repo.split("/");
  return {
    repo: { owner, repo },
    issue: {
      number: run.issue,
      title: `issue #${run.issue}`,
      body: "",
      labels: [],
      author: "",
      authorType: "User",
      createdAt: run.startedAt,
      state: "open",
    },
    priority: "medium",
    cost: run.estimatedCost,
    problems: [],
  };
}
