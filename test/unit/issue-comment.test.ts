import { describe, expect, it } from "vitest";
import { issueComment } from "../../src/night/collect.js";
import type { RunOutcome } from "../../src/run/outcome.js";
import { task } from "./helpers.js";

const run = (fields: Partial<RunOutcome> & Pick<RunOutcome, "status">): RunOutcome => ({
  task: task({ number: 5 }),
  gates: [],
  cost: { estimated: 10 },
  startedAt: "2026-11-22T00:00:00Z",
  durationMs: 1000,
  ...fields,
});
const pr = (draft: boolean) => ({ number: 9, url: "https://github.test/pull/9", draft });

describe("issueComment", () => {
  it.each([
    {
      outcome: run({ status: "shipped", pr: pr(false) }),
      expected: "🌙 Nightshift opened #9 for this issue; its gates passed.",
    },
    {
      outcome: run({
        status: "failed",
        reason: "gate `test` failed; draft PR opened",
        pr: pr(true),
      }),
      expected:
        "🌙 Nightshift could not finish this issue: gate `test` failed; draft PR opened. The work so far is in the draft pull request #9.",
    },
    {
      // A rerun whose gate now fails updates a PR that was opened ready: it is not called a draft.
      outcome: run({
        status: "failed",
        reason: "gate `test` failed",
        pr: pr(false),
        logFile: "/logs/a.log",
      }),
      expected:
        "🌙 Nightshift could not finish this issue: gate `test` failed. The work so far is in the pull request #9. The run's log is on the runner host at `/logs/a.log`.",
    },
    {
      outcome: run({ status: "failed", reason: "agent timed out" }),
      expected: "🌙 Nightshift could not finish this issue: agent timed out.",
    },
    {
      outcome: run({ status: "no-change", reason: "the agent changed nothing" }),
      expected:
        "🌙 Nightshift ran an agent on this issue, but it changed nothing, so no pull request was opened. Comment `/retry` to try again.",
    },
  ])("$outcome.status: $expected", ({ outcome, expected }) => {
    expect(issueComment(outcome)).toBe(expected);
  });
});
