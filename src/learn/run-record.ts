import type { Size } from "../types.js";

/** What one finished run taught: its estimate against what it cost. Kept per run by the journal. */
export interface RunRecord {
  /** Undefined for an issue without a category label. */
  category?: string;
  size?: Size;
  /** The host agent's name. */
  agent: string;
  /** Estimated agent prompts when it was planned. */
  estimated: number;
  /** What the agent reported, where it did. */
  actual: { prompts?: number; turns?: number; usd?: number };
  durationMs: number;
  succeeded: boolean;
}

/** A figure a run can be measured by. */
export type Metric = "prompts" | "turns" | "usd" | "durationMs";

/** The run's figure for a metric, or undefined when it was not reported. */
export const measured = (run: RunRecord, metric: Metric): number | undefined =>
  metric === "durationMs" ? run.durationMs : run.actual[metric];
