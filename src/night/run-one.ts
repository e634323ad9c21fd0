import type { Task } from "../queue/task.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { branchName } from "../runner/branch.js";
import { runId, type Journal } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { recordOutcome } from "./collect.js";
import type { CrashHook } from "./crash.js";
import { journaledPort } from "./journaled-port.js";
import type { RunOutcome } from "../run/outcome.js";
import type { RepoPlan } from "./plan.js";
import { withRetry } from "./retry.js";
import { roleLookup } from "./roles.js";
import { runTask } from "../run/pipeline.js";
import type { RunDeps } from "../run/context.js";

export interface RunOneDeps extends RunDeps {
  clock: Clock;
  logger: Logger;
  journal: Journal;
  quota: QuotaProvider;
  crashAt: CrashHook;
}

/** The journal id of the next attempt at a task in this session. */
function nextRunId(journal: Journal, sessionId: string, task: Task): string {
  const repo = repoFullName(task.repo);
  const base = runId(sessionId, repo, task.issue.number);
  const attempts = journal.attemptsOf(sessionId, repo, task.issue.number).length;
  return attempts === 0 ? base : `${base}/${attempts + 1}`;
}

/**
 * One run, journaled step by step so a crash at any point can be settled by recovery:
 * planned (with its branch) → running (spend recorded once) → the runner's work, with
 * `pr-opened` written the moment the PR exists → collect → done or failed.
 */
export async function runOne(deps: RunOneDeps, task: Task, plan: RepoPlan): Promise<RunOutcome> {
  const { journal, clock, crashAt, sessionId } = deps;
  const { github } = plan.target;
  const { config, info } = plan;
  if (!config || !info) throw new Error("a picked task always has a planned repository");
  const id = nextRunId(journal, sessionId, task);
  const repo = repoFullName(task.repo);
  journal.planRun(
    { id, sessionId, repo, issue: task.issue.number, estimatedCost: task.cost },
    clock.now(),
    { task, branch: branchName(task.issue.number, task.issue.title) },
  );
  crashAt("after-run-journaled");
  journal.advanceRun(id, "running", clock.now());
  // The journal always holds the session's spend (for the report and the session cap); the
  // provider records it too, which for the journal-backed budget is the same idempotent write.
  const spentAt = clock.now();
  journal.recordSpend(id, spentAt, task.cost);
  await deps.quota.record({ runId: id, at: spentAt, amount: task.cost });
  crashAt("after-spend");
  await withRetry(() => github.addLabels(task.repo, task.issue.number, [config.labels.running]));
  crashAt("after-running-label");

  crashAt("before-agent");
  const port = journaledPort(github, journal, id, clock, crashAt);
  const outcome = await runTask(deps, task, {
    github: port,
    info,
    config,
    roleOf: roleLookup(github, task.repo, deps.logger),
  }).catch((error: unknown): RunOutcome => ({
    task,
    status: "failed",
    reason: `internal error: ${error instanceof Error ? error.message : String(error)}`,
    gates: [],
    cost: { estimated: task.cost },
    startedAt: clock.now().toISOString(),
    durationMs: 0,
  }));
  const journaled: RunOutcome = { ...outcome, runId: id };
  crashAt("after-outcome");
  await withRetry(() => recordOutcome(github, config, journaled));
  journal.noteRun(id, { collected: true });
  crashAt("after-collect");
  journal.advanceRun(id, journaled.status === "failed" ? "failed" : "done", clock.now(), {
    prNumber: journaled.pr?.number,
    detail: { outcome: journaled },
  });
  crashAt("after-run-done");
  return journaled;
}
