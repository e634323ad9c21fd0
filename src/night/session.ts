import type { HostConfig } from "../config/host-schema.js";
import { DEFAULT_HEALTH_LIMITS, hostProblems, type HostReadings } from "../health/preflight.js";
import type { QuotaProvider } from "../quota/ledger.js";
import { postMorningReport } from "../report/post.js";
import { runId } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { recordOutcome } from "./collect.js";
import type { RepoNight, RunOutcome, SessionOutcome } from "./outcome.js";
import { planSession, type RepoTarget } from "./plan.js";
import { mapPool } from "./pool.js";
import { roleLookup } from "./roles.js";
import { runTask, type RunDeps } from "./run-task.js";

export interface SessionDeps extends Omit<RunDeps, "sessionId" | "logger"> {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  targets: readonly RepoTarget[];
  quota: QuotaProvider;
  sessionId: string;
  readHost(): Promise<HostReadings>;
}

/**
 * One session, as PRODUCT.md §4 lists it:
 * 1. preflight  2. plan  3. run  4. collect  5. report.
 */
export async function runSession(deps: SessionDeps): Promise<SessionOutcome> {
  const { clock, host, quota, sessionId } = deps;
  const logger = deps.logger.child({ session: sessionId });
  const startedAt = clock.now();

  // 1. Preflight: a host in trouble starts nothing new, and says so in the report.
  const problems = hostProblems(await deps.readHost(), DEFAULT_HEALTH_LIMITS);
  const blocked = problems.length > 0;
  if (blocked) logger.warn({ problems }, "preflight: starting no runs");

  // 2. Plan: every repository's queue together, within the quota.
  const before = await quota.snapshot(clock.now());
  const plan = await planSession(deps.targets, before, host, logger);
  const picked = blocked ? [] : plan.picked;
  if (blocked) {
    for (const { task, plan: repoPlan } of plan.picked) {
      repoPlan.skipped.push({ task, reason: `host problem: ${problems.join("; ")}` });
    }
  }
  logger.info({ picked: picked.length }, "plan ready");

  // 3. Run, up to maxConcurrent at once; 4. collect each as it finishes.
  const runs = await mapPool(picked, host.maxConcurrent, async ({ task, plan: repoPlan }) => {
    const { github } = repoPlan.target;
    const config = repoPlan.config;
    const info = repoPlan.info;
    if (!config || !info) throw new Error("a picked task always has a planned repository");
    await quota.record({
      runId: runId(sessionId, repoFullName(task.repo), task.issue.number),
      at: clock.now(),
      amount: task.cost,
    });
    await github.addLabels(task.repo, task.issue.number, [config.labels.running]);
    const outcome = await runTask({ ...deps, logger, sessionId }, task, {
      github,
      info,
      config,
      roleOf: roleLookup(github, task.repo, logger),
    }).catch((error: unknown): RunOutcome => ({
      task,
      status: "failed",
      reason: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      gates: [],
      cost: { estimated: task.cost },
      startedAt: clock.now().toISOString(),
      durationMs: 0,
    }));
    await recordOutcome(github, config, outcome);
    return outcome;
  });

  // 5. Report: each repository gets its own morning report about its own issues.
  const after = await quota.snapshot(clock.now());
  const outcome: SessionOutcome = {
    sessionId,
    startedAt: startedAt.toISOString(),
    finishedAt: clock.now().toISOString(),
    repos: plan.repos.map((repoPlan): RepoNight => ({
      repo: repoPlan.target.ref,
      runs: runs.filter((run) => run.task.repo === repoPlan.target.ref),
      skipped: repoPlan.skipped,
      problems: repoPlan.problems,
    })),
    quota: {
      limit: before.limit,
      remainingBefore: before.remaining,
      remainingAfter: after.remaining,
      spent: picked.reduce((sum, { task }) => sum + task.cost, 0),
    },
    host: { problems, blocked },
  };
  for (const repoPlan of plan.repos) {
    const night = outcome.repos.find((repo) => repo.repo === repoPlan.target.ref);
    if (!night || repoPlan.info?.archived) continue;
    if (night.runs.length + night.skipped.length + night.problems.length === 0) continue;
    await postMorningReport(repoPlan.target.github, night, outcome, repoPlan.config);
  }
  return outcome;
}
