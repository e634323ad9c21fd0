import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import type { RunRecord } from "../../src/learn/run-record.js";
import { calibrateTask, type Calibration } from "../../src/queue/task-estimate.js";
import { runRecordOf } from "../../src/night/calibration.js";
import { estimateText } from "../../src/queue/estimate-text.js";
import { task } from "./helpers.js";

const config = RepoConfigSchema.parse({});
const run = (prompts: number | undefined, fields: Partial<RunRecord> = {}): RunRecord => ({
  category: "bug",
  size: "L",
  agent: "claude",
  estimated: 10,
  actual: prompts === undefined ? {} : { prompts },
  durationMs: 60_000,
  succeeded: true,
  ...fields,
});
const calibration = (history: RunRecord[], metric: "prompts" | "usd" = "prompts"): Calibration => ({
  history,
  minRuns: 3,
  metric,
  agentOf: () => "claude",
});
const bug = (labels: string[] = []) =>
  task(1, {
    category: "bug",
    cost: 10,
    issue: { labels: ["priority: high", "category: bug", ...labels] },
  });

describe("a task's calibrated cost", () => {
  it.each<[string, RunRecord[], string[], number, string]>([
    ["too few runs keep the default", [run(4), run(6)], [], 10, "10 prompts est."],
    [
      "runs that reported nothing do not count",
      [run(4), run(6), run(undefined)],
      [],
      10,
      "10 prompts est.",
    ],
    [
      "enough runs give their median",
      [run(4), run(6), run(40)],
      [],
      6,
      "6 prompts est., calibrated from 3 past runs of this category, size and agent (default 10)",
    ],
    [
      "another size falls back to category and agent",
      [run(4, { size: "S" }), run(6, { size: "S" }), run(8, { size: "S" })],
      [],
      6,
      "6 prompts est., calibrated from 3 past runs of this category and agent (default 10)",
    ],
    ["a cost label stands", [run(4), run(6), run(8)], ["cost: 12"], 10, "10 prompts est."],
    [
      "never below one prompt",
      [run(0), run(0), run(0)],
      [],
      1,
      "1 prompts est., calibrated from 3 past runs of this category, size and agent (default 10)",
    ],
  ])("%s", (_name, history, labels, cost, text) => {
    const calibrated = calibrateTask(bug(labels), config, calibration(history));
    expect(calibrated.cost).toBe(cost);
    expect(estimateText(calibrated, "prompts")).toBe(text);
  });

  it("reads dollars to the cent under the usd quota", () => {
    const history = [0.1234, 0.5, 0.9].map((usd) => run(undefined, { actual: { usd } }));
    expect(calibrateTask(bug(), config, calibration(history, "usd")).cost).toBe(0.5);
  });
});

describe("what a finished run teaches", () => {
  it("counts reported turns as prompts, keeps dollars, and success means shipped", () => {
    const outcome = {
      task: task(1, { category: "bug", size: "M", cost: 10 }),
      status: "failed" as const,
      gates: [],
      cost: { estimated: 10, turns: 7, usd: 0.3 },
      startedAt: "2026-01-05T23:00:00Z",
      durationMs: 1000,
    };
    expect(runRecordOf(outcome, "claude")).toEqual({
      category: "bug",
      size: "M",
      agent: "claude",
      estimated: 10,
      actual: { prompts: 7, turns: 7, usd: 0.3 },
      durationMs: 1000,
      succeeded: false,
    });
    expect(runRecordOf({ ...outcome, cost: { estimated: 10 } }, "aider").actual).toEqual({});
  });
});
