import { chmodSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INPUTS, removeWorkspaces, runGate, workspace, type GateRun } from "./run-gate.js";

afterAll(removeWorkspaces);

const recorded = (file: string) => ["--input", join(INPUTS, file)];

describe("fixtures/gates/audit.mjs on recorded answers", () => {
  it.each<[string, string, string, GateRun]>([
    [
      "high findings at high",
      "audit-npm7.json",
      "high",
      { code: 1, line: "audit: 2 high at or above high: minimist (high), mkdirp (high) — fail" },
    ],
    [
      "the same answer at moderate",
      "audit-npm7.json",
      "moderate",
      {
        code: 1,
        line: "audit: 1 moderate, 2 high at or above moderate: minimist (high), mkdirp (high), debug (moderate) — fail",
      },
    ],
    [
      "the same answer at critical",
      "audit-npm7.json",
      "critical",
      { code: 0, line: "audit: nothing at or above critical (1 low, 1 moderate, 2 high) — pass" },
    ],
    [
      "a clean answer at low",
      "audit-clean.json",
      "low",
      { code: 0, line: "audit: nothing at or above low — pass" },
    ],
    [
      "npm 6's format",
      "audit-npm6.json",
      "critical",
      { code: 1, line: "audit: 1 critical at or above critical: minimist (critical) — fail" },
    ],
  ])("%s", (_name, file, level, expected) => {
    expect(runGate("audit.mjs", [level, ...recorded(file)])).toEqual(expected);
  });

  it.each<[string, string[], RegExp]>([
    [
      "npm could not reach the registry",
      ["low", ...recorded("audit-offline.json")],
      /npm audit failed: request to https:\/\/registry\.npmjs\.org/,
    ],
    ["an answer that is not JSON", ["low", ...recorded("lcov.info")], /the answer is not JSON/],
    [
      "JSON that is not an audit",
      ["low", ...recorded("coverage-summary.json")],
      /no metadata\.vulnerabilities/,
    ],
    [
      "a missing file",
      ["low", "--input", "/nonexistent/audit.json"],
      /cannot read \/nonexistent\/audit\.json/,
    ],
    ["no severity", [], /usage/],
    ["an unknown severity", ["severe"], /usage/],
  ])("cannot tell, and fails, when %s", (_name, args, message) => {
    const run = runGate("audit.mjs", args);
    expect(run.code).toBe(2);
    expect(run.line).toMatch(message);
  });
});

describe("fixtures/gates/audit.mjs running npm", () => {
  /** A stand-in `npm` first on PATH: records its arguments, answers like npm, exits 1 like npm. */
  function fakeNpm(answer: string): { env: NodeJS.ProcessEnv; argsFile: string } {
    const bin = workspace({});
    copyFileSync(join(INPUTS, answer), join(bin, "answer.json"));
    writeFileSync(
      join(bin, "npm"),
      '#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\ncat "$(dirname "$0")/answer.json"\nexit 1\n',
    );
    chmodSync(join(bin, "npm"), 0o755);
    return {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      argsFile: join(bin, "args"),
    };
  }

  it("asks npm for JSON, passes --omit on, and reads the answer whatever npm's exit code", () => {
    const npm = fakeNpm("audit-npm7.json");
    const run = runGate("audit.mjs", ["high", "--omit", "dev"], { env: npm.env });
    expect(run).toEqual({
      code: 1,
      line: "audit: 2 high at or above high: minimist (high), mkdirp (high) — fail",
    });
    expect(readFileSync(npm.argsFile, "utf8").trim()).toBe("audit --json --omit dev");
  });

  it("fails when there is no npm to run", () => {
    const run = runGate("audit.mjs", ["high"], { env: { ...process.env, PATH: workspace({}) } });
    expect(run.code).toBe(2);
    expect(run.line).toMatch(/could not run npm/);
  });
});
