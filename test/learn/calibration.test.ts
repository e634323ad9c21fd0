import { describe, expect, it } from "vitest";
import { accuracy } from "../../src/learn/accuracy.js";
import { calibratedEstimate, type EstimateQuery } from "../../src/learn/calibration.js";
import type { RunRecord } from "../../src/learn/run-record.js";

const run = (prompts: number | undefined, extra: Partial<RunRecord> = {}): RunRecord => ({
  category: "bug",
  size: "M",
  agent: "claude",
  estimated: 10,
  actual: prompts === undefined ? {} : { prompts },
  durationMs: 60_000,
  succeeded: true,
  ...extra,
});
const runs = (prompts: readonly number[], extra: Partial<RunRecord> = {}) =>
  prompts.map((p) => run(p, extra));

const query: EstimateQuery = {
  category: "bug",
  size: "M",
  agent: "claude",
  planned: { value: 10, basis: "category-default" },
};

describe("calibratedEstimate", () => {
  it.each<[string, RunRecord[], Partial<EstimateQuery>, object]>([
    ["no history", [], {}, { value: 10, basis: "category-default", runs: 0 }],
    ["fewer than five runs", runs([4, 4, 4, 4]), {}, { value: 10, basis: "category-default" }],
    [
      "five runs like this one",
      runs([4, 5, 6, 7, 8]),
      {},
      { value: 6, basis: "calibrated", runs: 5, scope: "category+size+agent" },
    ],
    [
      "an outlier does not move the median",
      runs([11, 12, 500, 13, 10]),
      {},
      { value: 12, basis: "calibrated", runs: 5 },
    ],
    [
      "an even count takes the middle two's mean",
      runs([4, 5, 6, 7, 8, 9]),
      {},
      { value: 6.5, runs: 6 },
    ],
    [
      "other sizes: falls back to category and agent",
      [...runs([20, 20, 20], { size: "L" }), ...runs([2, 2], { size: "M" })],
      {},
      { value: 20, basis: "calibrated", runs: 5, scope: "category+agent" },
    ],
    [
      "other agents: falls back to the category",
      [...runs([3, 3, 3], { agent: "codex" }), ...runs([9, 9], { agent: "aider" })],
      {},
      { value: 3, runs: 5, scope: "category" },
    ],
    [
      "other categories never count",
      runs([1, 1, 1, 1, 1], { category: "docs" }),
      {},
      { value: 10, basis: "category-default" },
    ],
    [
      "runs that reported nothing do not count",
      [...runs([5, 5, 5, 5]), run(undefined), run(undefined)],
      {},
      { basis: "category-default" },
    ],
    [
      "a cost label stands whatever the history",
      runs([4, 5, 6, 7, 8]),
      { planned: { value: 30, basis: "label" } },
      { value: 30, basis: "label", runs: 0 },
    ],
    [
      "an issue without a category matches runs without one",
      runs([7, 7, 7, 7, 7], { category: undefined }),
      { category: undefined },
      { value: 7, basis: "calibrated" },
    ],
    ["zero actuals are real figures", runs([0, 0, 0, 1, 2]), {}, { value: 0, basis: "calibrated" }],
  ])("%s", (_name, history, overrides, expected) => {
    expect(calibratedEstimate(history, { ...query, ...overrides })).toMatchObject(expected);
  });

  it("takes minRuns and a metric", () => {
    const history = runs([4, 4, 4]).map((r, i) => ({ ...r, actual: { usd: [0.5, 0.7, 0.6][i] } }));
    expect(calibratedEstimate(history, query, { minRuns: 3, metric: "usd" })).toEqual({
      value: 0.6,
      basis: "calibrated",
      runs: 3,
      scope: "category+size+agent",
    });
    expect(calibratedEstimate(history, query, { minRuns: 3 }).basis).toBe("category-default");
    expect(calibratedEstimate(runs([8]), query, { minRuns: 0 })).toMatchObject({ value: 8 });
  });
});

describe("accuracy", () => {
  it("is empty without history", () => {
    expect(accuracy([])).toEqual([]);
  });

  it("gives per category and agent the median ratio, the MAPE and the success rate", () => {
    const history = [
      run(5, { estimated: 10 }),
      run(10, { estimated: 10 }),
      run(30, { estimated: 10, succeeded: false, durationMs: 180_000 }),
      run(4, { category: "docs", estimated: 5 }),
      run(6, { category: "docs", agent: "aider", estimated: 5 }),
    ];
    expect(accuracy(history)).toEqual([
      {
        category: "bug",
        agent: "claude",
        runs: 3,
        succeeded: 2,
        successRate: 2 / 3,
        rated: 3,
        medianRatio: 1,
        // |5−10|/10, 0, |30−10|/10 → (0.5 + 0 + 2) / 3
        meanAbsolutePercentageError: (100 * 2.5) / 3,
        medianDurationMs: 60_000,
      },
      expect.objectContaining({ category: "docs", agent: "aider", medianRatio: 1.2 }),
      expect.objectContaining({ category: "docs", agent: "claude", medianRatio: 0.8 }),
    ]);
  });

  it("counts zero estimates and unreported actuals for success only", () => {
    const [row] = accuracy([run(5, { estimated: 0 }), run(undefined, { succeeded: false })]);
    expect(row).toMatchObject({
      runs: 2,
      successRate: 0.5,
      rated: 0,
      medianRatio: null,
      meanAbsolutePercentageError: null,
    });
  });

  it("lists issues without a category last", () => {
    const rows = accuracy([run(1, { category: undefined }), run(1, { category: "tests" })]);
    expect(rows.map((r) => r.category)).toEqual(["tests", undefined]);
  });
});
