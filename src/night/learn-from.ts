import type { RepoConfig } from "../config/repo-schema.js";
import { chooseAgent } from "../run/agent-choice.js";
import type { RunOutcome } from "../run/outcome.js";
import { repoFullName } from "../types.js";
import { runRecordOf } from "./calibration.js";
import type { RunOneDeps } from "./run-one.js";

/**
 * A run whose agent started teaches calibration (its record, once) and settles its dollars
 * with the quota (`usd` counts what the agent reported instead of the estimate). A run that
 * never started an agent taught nothing and spent nothing.
 */
export async function learnFrom(
  deps: Pick<RunOneDeps, "journal" | "clock" | "host" | "quota">,
  id: string,
  outcome: RunOutcome,
  config: RepoConfig,
): Promise<void> {
  if (deps.journal.getRun(id)?.agentStartedAt == null) return;
  const choice = chooseAgent(outcome.task.category, config, deps.host);
  deps.journal.learned.record({
    runId: id,
    at: deps.clock.now(),
    repo: repoFullName(outcome.task.repo),
    record: runRecordOf(outcome, choice.ok ? choice.name : "unknown"),
  });
  if (outcome.cost.usd !== undefined) deps.journal.recordUsd(id, outcome.cost.usd);
  await deps.quota.settle?.(id, outcome.cost.usd);
}
