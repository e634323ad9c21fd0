import { median } from "./median.js";
import { measured, type Metric, type RunRecord } from "./run-record.js";

/** How well estimates held for one category and agent, for `nightshift stats` and the report. */
export interface AccuracyRow {
  /** Undefined for issues without a category label. */
  category?: string;
  agent: string;
  runs: number;
  succeeded: number;
  successRate: number;
  /** Runs with a positive estimate and a reported actual: the ones the figures below read. */
  rated: number;
  /** Median of actual ÷ estimated: 1 is right on, 2 means runs cost twice the estimate. */
  medianRatio: number | null;
  /** Mean absolute percentage error of the estimates, in percent. */
  meanAbsolutePercentageError: number | null;
  medianDurationMs: number | null;
}

function rowOf(runs: readonly RunRecord[], metric: Metric): AccuracyRow {
  const [first] = runs;
  const rated = runs.flatMap((run) => {
    const actual = measured(run, metric);
    return actual !== undefined && run.estimated > 0 ? [{ actual, estimated: run.estimated }] : [];
  });
  const succeeded = runs.filter((run) => run.succeeded).length;
  const errors = rated.map((r) => Math.abs(r.actual - r.estimated) / r.estimated);
  return {
    category: first?.category,
    agent: first?.agent ?? "",
    runs: runs.length,
    succeeded,
    successRate: runs.length === 0 ? 0 : succeeded / runs.length,
    rated: rated.length,
    medianRatio: median(rated.map((r) => r.actual / r.estimated)),
    meanAbsolutePercentageError:
      errors.length === 0 ? null : (100 * errors.reduce((a, b) => a + b, 0)) / errors.length,
    medianDurationMs: median(runs.map((run) => run.durationMs)),
  };
}

/** Categories by name, issues without one last. */
const byCategory = (a: string | undefined, b: string | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b);

/**
 * Estimate against actual per category and agent. Estimates are in prompts, so by default the
 * actual is the prompts the agent reported; a run with a zero estimate or no reported actual
 * counts for the success rate only.
 */
export function accuracy(
  history: readonly RunRecord[],
  options: { metric?: Exclude<Metric, "durationMs"> } = {},
): AccuracyRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of history) {
    const key = JSON.stringify([run.category ?? null, run.agent]);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()]
    .map((runs) => rowOf(runs, options.metric ?? "prompts"))
    .sort((a, b) => byCategory(a.category, b.category) || a.agent.localeCompare(b.agent));
}
