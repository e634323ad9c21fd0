import { afterAll, describe, expect, it } from "vitest";
import { INPUTS, removeWorkspaces, runGate, workspace, type GateRun } from "./run-gate.js";

afterAll(removeWorkspaces);

const summary = { "coverage/coverage-summary.json": "coverage-summary.json" };
const lcov = { "coverage/lcov.info": "lcov.info" };

describe("fixtures/gates/coverage-threshold.mjs", () => {
  it.each<[string, Record<string, string>, string[], GateRun]>([
    [
      "istanbul summary above the threshold",
      summary,
      ["80"],
      {
        code: 0,
        line: "coverage: lines 83.43 % (1234/1479, coverage/coverage-summary.json) ≥ 80 % — pass",
      },
    ],
    [
      "istanbul summary below it",
      summary,
      ["85"],
      {
        code: 1,
        line: "coverage: lines 83.43 % (1234/1479, coverage/coverage-summary.json) < 85 % — fail",
      },
    ],
    [
      "exactly at the threshold passes",
      summary,
      ["79", "--metric", "branches"],
      {
        code: 0,
        line: "coverage: branches 79.00 % (316/400, coverage/coverage-summary.json) ≥ 79 % — pass",
      },
    ],
    [
      "a hair below it fails",
      summary,
      ["79.01", "--metric", "branches"],
      {
        code: 1,
        line: "coverage: branches 79.00 % (316/400, coverage/coverage-summary.json) < 79.01 % — fail",
      },
    ],
    [
      "lcov totals across files when there is no summary",
      lcov,
      ["75"],
      { code: 0, line: "coverage: lines 75.00 % (75/100, coverage/lcov.info) ≥ 75 % — pass" },
    ],
    [
      "lcov functions",
      lcov,
      ["90", "--metric", "functions"],
      { code: 1, line: "coverage: functions 83.33 % (5/6, coverage/lcov.info) < 90 % — fail" },
    ],
    [
      "the summary wins over lcov",
      { ...summary, ...lcov },
      ["80"],
      { code: 0, line: expect.stringContaining("coverage-summary.json") as string },
    ],
  ])("%s", (_name, files, args, expected) => {
    expect(runGate("coverage-threshold.mjs", args, { cwd: workspace(files) })).toEqual(expected);
  });

  it("reads reports where it is told", () => {
    const run = runGate("coverage-threshold.mjs", ["70", "--lcov", `${INPUTS}/lcov.info`]);
    expect(run.code).toBe(0);
    expect(run.line).toContain("75.00 % (75/100");
  });

  it.each<[string, Record<string, string>, string[], RegExp]>([
    [
      "no report at all",
      {},
      ["80"],
      /no coverage report \(looked for coverage\/coverage-summary\.json and coverage\/lcov\.info\)/,
    ],
    [
      "nothing measured",
      { "coverage/coverage-summary.json": "coverage-empty.json" },
      ["80"],
      /no lines measured/,
    ],
    ["statements from lcov", lcov, ["80", "--metric", "statements"], /lcov has no statements/],
    [
      "an unreadable summary",
      { "coverage/coverage-summary.json": "lcov.info" },
      ["80"],
      /cannot read coverage\/coverage-summary\.json/,
    ],
    ["no threshold", summary, [], /usage/],
    ["a threshold that is not a number", summary, ["eighty"], /usage/],
    ["a threshold over 100", summary, ["120"], /usage/],
    ["an unknown metric", summary, ["80", "--metric", "vibes"], /unknown metric "vibes"/],
  ])("cannot tell, and fails, with %s", (_name, files, args, message) => {
    const run = runGate("coverage-threshold.mjs", args, { cwd: workspace(files) });
    expect(run.code).toBe(2);
    expect(run.line).toMatch(message);
    expect(run.line.split("\n")).toHaveLength(1);
  });
});
