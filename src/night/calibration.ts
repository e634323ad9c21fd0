import type { HostConfig } from "../config/host-schema.js";
import type { RunRecord } from "../learn/run-record.js";
import type { Calibration } from "../queue/task-estimate.js";
import type { RunOutcome } from "../run/outcome.js";
import { chooseAgent } from "../run/agent-choice.js";
import type { Journal } from "../store/journal.js";

/** The figure estimates are in: dollars under the `usd` quota, else agent prompts. */
export const estimateMetric = (host: Pick<HostConfig, "quota">): "prompts" | "usd" =>
  host.quota.provider === "usd" ? "usd" : "prompts";

/** Planning's calibration from the journal's run records and the host config. */
export const calibrationFor = (
  host: HostConfig,
  journal: Pick<Journal, "learned">,
): Calibration => ({
  history: journal.learned.history(),
  minRuns: host.calibration.minRuns,
  metric: estimateMetric(host),
  agentOf: (category, config) => {
    const choice = chooseAgent(category, config, host);
    return choice.ok ? choice.name : undefined;
  },
});

/**
 * What a finished run teaches calibration. No agent reports "prompts": a turn (one model
 * request, Claude Code's `num_turns`) is counted as one, so agents that report no turns
 * calibrate prompts by nothing and keep their defaults (docs/learning.md).
 */
export function runRecordOf(outcome: RunOutcome, agent: string): RunRecord {
  const { turns, usd } = outcome.cost;
  return {
    ...(outcome.task.category === undefined ? {} : { category: outcome.task.category }),
    ...(outcome.task.size === undefined ? {} : { size: outcome.task.size }),
    agent,
    estimated: outcome.cost.estimated,
    actual: {
      ...(turns === undefined ? {} : { prompts: turns, turns }),
      ...(usd === undefined ? {} : { usd }),
    },
    durationMs: outcome.durationMs,
    succeeded: outcome.status === "shipped",
  };
}
