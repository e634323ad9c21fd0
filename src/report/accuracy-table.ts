import type { AccuracyRow } from "../learn/accuracy.js";
import type { QuotaUnit } from "../quota/unit.js";
import { inlineText } from "./format.js";

const percent = (share: number): string => `${Math.round(share * 100)} %`;
const ratio = (value: number | null): string => (value === null ? "–" : `${value.toFixed(2)}×`);
const minutes = (ms: number | null): string =>
  ms === null ? "–" : `${Math.max(1, Math.round(ms / 60_000))} min`;

/**
 * Estimate against actual per category and agent as a Markdown table: runs, success rate, the
 * median of actual ÷ estimated (1.00× is right on), the mean absolute error and the median
 * duration. `unit` names what estimates are in.
 */
export function accuracyTable(rows: readonly AccuracyRow[], unit: QuotaUnit): string[] {
  if (rows.length === 0) return [];
  const actual = unit === "usd" ? "reported dollars" : "reported turns";
  return [
    `| category | agent | runs | succeeded | actual ÷ estimate | mean error | median time |`,
    `|---|---|---:|---:|---:|---:|---:|`,
    ...rows.map(
      (row) =>
        `| ${inlineText(row.category ?? "(none)")} | ${inlineText(row.agent)} | ${row.runs} | ${percent(row.successRate)} | ${ratio(row.medianRatio)} | ${row.meanAbsolutePercentageError === null ? "–" : `${Math.round(row.meanAbsolutePercentageError)} %`} | ${minutes(row.medianDurationMs)} |`,
    ),
    "",
    `Estimates are in ${unit === "usd" ? "dollars" : "prompts"}; actuals are the agents' ${actual} (runs whose agent reported none count for the success rate only).`,
  ];
}
