import type { Size } from "../types.js";
import { median } from "./median.js";
import { measured, type Metric, type RunRecord } from "./run-record.js";

/** Where an estimate comes from: a `cost: N` label, the category's default, or past runs. */
export type EstimateBasis = "label" | "category-default" | "calibrated";

/** Which past runs a calibrated figure stands on, most specific first. */
export type CalibrationScope = "category+size+agent" | "category+agent" | "category";

export interface EstimateQuery {
  category?: string;
  size?: Size;
  agent: string;
  /** What planning uses without calibration, and where that figure comes from. */
  planned: { value: number; basis: Exclude<EstimateBasis, "calibrated"> };
}

export interface CalibratedEstimate {
  value: number;
  basis: EstimateBasis;
  /** How many runs the value stands on (0 unless calibrated). */
  runs: number;
  scope?: CalibrationScope;
}

export interface CalibrationOptions {
  /** Runs needed before their median replaces the category default. */
  minRuns?: number;
  metric?: Metric;
}

export const DEFAULT_MIN_RUNS = 5;

const SCOPES: readonly [CalibrationScope, (run: RunRecord, q: EstimateQuery) => boolean][] = [
  [
    "category+size+agent",
    (run, q) => run.category === q.category && run.size === q.size && run.agent === q.agent,
  ],
  ["category+agent", (run, q) => run.category === q.category && run.agent === q.agent],
  ["category", (run, q) => run.category === q.category],
];

/**
 * The estimate planning should use. A `cost: N` label is a maintainer's word about this issue
 * and stands. Otherwise the median actual (one runaway run does not move it) of past runs like
 * this one replaces the category default once there are `minRuns` of them, looking first at
 * the same category, size and agent, then category and agent, then the category alone.
 */
export function calibratedEstimate(
  history: readonly RunRecord[],
  query: EstimateQuery,
  options: CalibrationOptions = {},
): CalibratedEstimate {
  const { planned } = query;
  const fallback = { value: planned.value, basis: planned.basis, runs: 0 };
  if (planned.basis === "label") return fallback;
  const minRuns = Math.max(1, options.minRuns ?? DEFAULT_MIN_RUNS);
  const metric = options.metric ?? "prompts";
  for (const [scope, matches] of SCOPES) {
    const figures = history
      .filter((run) => matches(run, query))
      .map((run) => measured(run, metric))
      .filter((value): value is number => value !== undefined && Number.isFinite(value));
    const value = median(figures);
    if (figures.length >= minRuns && value !== null) {
      return { value, basis: "calibrated", runs: figures.length, scope };
    }
  }
  return fallback;
}
