import type { Task } from "../queue/task.js";
import type { QuotaProvider } from "../quota/ledger.js";
import type { RunContext, RunDeps } from "../run/context.js";
import type { RunOutcome } from "../run/outcome.js";
import { runTask } from "../run/pipeline.js";
import { branchName } from "../runner/branch.js";
import { describeProcessGroup } from "../runner/process-group.js";
import { runId, type Journal } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import type { CrashHook } from "./crash.js";
import { journaledPort } from "./journaled-port.js";
import type { RepoPlan } from "../queue/plan-types.js";
import { learnFrom } from "./learn-from.js";
import { settleRun } from "./settle.js";
import { roleLookup } from "./roles.js";

export interface RunOneDeps extends RunDeps {
  clock: Clock;
  logger: Logger;
  journal: Journal;
  quota: QuotaProvider;
  crashAt: CrashHook;
  /** This process's owner id, written on the run: recovery leaves runs of live owners alone. */
  ownerId: string;
  /** Told when a run of a repository starts or settles (the progress comment listens). */
  onChange?(repo: string): void;
}

/** The journal hears of the run's spend and its process groups (see run/context.ts). */
function journalHooks(deps: RunOneDeps, id: string, task: Task): RunContext["hooks"] {
  const { journal, clock, crashAt } = deps;
  return {
    async beforeAgent() {
      crashAt("before-agent");
      const at = clock.now();
      // The journal's spend and the provider's record: for the journal-backed budget the same
      // idempotent write.
      journal.startAgent(id, at, task.cost);
      await deps.quota.record({ runId: id, at, amount: task.cost });
      crashAt("after-spend");
    },
    processStarted(pid) {
      journal.noteProcessGroup(id, describeProcessGroup(pid));
      crashAt("agent-started");
    },
    processEnded() {
      journal.noteProcessGroup(id, null);
    },
    beforeFollowUpPush() {
      crashAt("before-follow-up-push");
    },
  };
}

/**
 * One run, journaled step by step so a crash at any point can be settled by recovery:
 * planned (with its task, branch and owner) → running → spend, written as the agent
 * starts → the runner's work, with `pr-opened` written the moment the PR exists → collect →
 * done or failed. A task the backend choice refused (`refused`) fails with that reason,
 * journaled and collected like any run.
 */
export async function runOne(
  deps: RunOneDeps,
  task: Task,
  plan: RepoPlan,
  refused?: string,
): Promise<RunOutcome> {
  const { journal, clock, crashAt } = deps;
  const { github } = plan.target;
  const { config, info } = plan;
  if (!config || !info) throw new Error("a picked task always has a planned repository");
  const repo = repoFullName(task.repo);
  const id = openRun(deps, task);
  const failed = (reason: string): RunOutcome => ({
    task,
    status: "failed",
    reason,
    gates: [],
    cost: { estimated: task.cost },
    startedAt: clock.now().toISOString(),
    durationMs: 0,
  });
  const port = journaledPort(github, journal, id, clock, crashAt);
  const outcome =
    refused !== undefined
      ? failed(refused)
      : await runTask(deps, task, {
          github: port,
          info,
          config,
          roleOf: roleLookup(github, task.repo, deps.logger),
          runId: id,
          hooks: journalHooks(deps, id, task),
        }).catch((error: unknown): RunOutcome =>
          failed(`internal error: ${error instanceof Error ? error.message : String(error)}`),
        );
  const journaled = await settleRun(
    { ...deps, learn: (runId, settled) => learnFrom(deps, runId, settled, config) },
    github,
    config,
    id,
    outcome,
  );
  deps.onChange?.(repo);
  return journaled;
}

/**
 * Journals a new attempt at the task (planned, with its task, branch and owner), then marks it
 * running; returns its id. Each attempt in a session has its own id, and so its own files.
 */
export function openRun(
  deps: Pick<RunOneDeps, "journal" | "clock" | "crashAt" | "sessionId" | "ownerId" | "onChange">,
  task: Task,
): string {
  const { journal, clock, crashAt, sessionId } = deps;
  const repo = repoFullName(task.repo);
  const attempt = journal.attemptsOf(sessionId, repo, task.issue.number).length + 1;
  const id = runId(sessionId, repo, task.issue.number, attempt);
  journal.planRun(
    {
      id,
      sessionId,
      repo,
      issue: task.issue.number,
      attempt,
      estimatedCost: task.cost,
      ownerId: deps.ownerId,
      task,
      branch: branchName(task.issue.number, task.issue.title),
    },
    clock.now(),
  );
  crashAt("after-run-journaled");
  // No `running` label here: the night's progress comment shows what runs, and the label is
  // only written for a run the morning report finds still going (report/still-running.ts).
  journal.advanceRun(id, "running", clock.now());
  deps.onChange?.(repo);
  return id;
}
