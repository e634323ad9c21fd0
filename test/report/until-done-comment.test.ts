import { describe, expect, it } from "vitest";
import { renderPauseAlert, renderUntilDoneStatus } from "../../src/report/until-done-comment.js";

const base = {
  target: "milestone `v2`",
  resume: "`/nightshift resume v2`",
  open: [3, 4],
  total: 4,
  lastDay: { runs: 3, failed: 3, spent: 30 },
  nextStatusAt: null,
};

describe("until-done comments", () => {
  it("tell a paused target's state and how to resume it", () => {
    const body = renderUntilDoneStatus({
      ...base,
      decision: { kind: "paused", failures: 3, lastFailureAt: new Date("2026-01-05T22:04:00Z") },
      dailyCap: 60,
    });
    expect(body).toBe(
      [
        "### 🔁 Until done: milestone `v2`",
        "",
        "**paused** after 3 failed runs in a row (the last at 2026-01-05 22:04 UTC). None of its issues starts until someone who may `/approve` comments `/nightshift resume v2` on this issue.",
        "",
        "- Issues: 2 of 4 open (#3, #4)",
        "- Last 24 hours: 3 runs, 3 failed, 30 spent of the daily cap of 60",
        "",
      ].join("\n"),
    );
  });

  it("say when the next status is due while the target works", () => {
    const body = renderUntilDoneStatus({
      ...base,
      decision: { kind: "continue", open: [3, 4] },
      nextStatusAt: new Date("2026-01-06T00:00:00Z"),
    });
    expect(body).toContain("**working**");
    expect(body).toContain("- Next status by 2026-01-06 00:00 UTC");
  });

  it("name a milestone that is not there and nothing else", () => {
    const body = renderUntilDoneStatus({ ...base, decision: { kind: "missing" } });
    expect(body).toContain("no milestone with that title");
    expect(body).not.toContain("Issues:");
  });

  it("alert with each failed run on one line", () => {
    const body = renderPauseAlert("milestone `v2`", "`/nightshift resume v2`", [
      { issue: 1, endedAt: new Date("2026-01-05T22:01:00Z"), reason: "the agent\nexited with 1" },
      { issue: 2, endedAt: new Date("2026-01-05T22:02:00Z") },
    ]);
    expect(body).toContain("2 runs failed in a row:");
    expect(body).toContain("- #1, ended 2026-01-05 22:01 UTC: the agent exited with 1\n");
    expect(body).toContain("- #2, ended 2026-01-05 22:02 UTC\n");
    expect(body).toContain("comments `/nightshift resume v2` here.");
  });
});
