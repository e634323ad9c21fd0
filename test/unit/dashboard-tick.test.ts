import { describe, expect, it } from "vitest";
import { handleDashboardTick } from "../../src/approval/dashboard-tick.js";
import { renderDashboard } from "../../src/report/dashboard.js";
import { FakeGitHub } from "./fake-port.js";
import { defaultRepoConfig, issue, task } from "./helpers.js";
import { silentLogger } from "./silent-logger.js";

const repo = { owner: "acme", repo: "calc" };

function setup(role: "write" | "read") {
  const report = issue({ number: 1, labels: ["nightshift: report"] });
  const github = new FakeGitHub([report]);
  const before = renderDashboard(
    {
      eligible: [],
      skipped: [4, 5].map((n) => ({
        task: task({ number: n }),
        reason: { kind: "needs-approval", requirement: 'category "feature"' } as const,
      })),
    },
    new Date("2026-11-01T20:00:00Z"),
  );
  const input = {
    github,
    repo,
    reportIssue: 1,
    before,
    editor: { login: "maya", type: "User" as const },
    at: "2026-11-02T08:00:00Z",
    config: defaultRepoConfig(),
    roleOf: () => Promise.resolve(role),
    botLogin: "nightshift[bot]",
    logger: silentLogger,
  };
  return { github, report, before, input };
}

describe("a dashboard edit", () => {
  it("does nothing when no box was newly ticked (unticking included)", async () => {
    const { github, before, input } = setup("write");
    const unticked = before;
    const ticked = before.replace("- [ ] #4", "- [x] #4");
    const result = await handleDashboardTick({
      ...input,
      before: ticked,
      after: unticked,
      readIssue: () => Promise.reject(new Error("must not read")),
    });
    expect(result).toEqual({ approved: [], refused: [] });
    expect(github.calls).toEqual([]);
  });

  it("undoes only the ticks on closed or missing issues, and approves the rest", async () => {
    const { github, report, before, input } = setup("write");
    const after = before.replace("- [ ] #4", "- [x] #4").replace("- [ ] #5", "- [x] #5");
    const result = await handleDashboardTick({
      ...input,
      after,
      readIssue: (n) => Promise.resolve(n === 4 ? issue({ number: 4 }) : null),
    });
    expect(result).toEqual({ approved: [4], refused: [5] });
    expect(report.body).toContain("- [x] #4");
    expect(report.body).toContain("- [ ] #5");
    expect(github.comments.get(1)?.map((c) => c.body)).toEqual([
      "@maya your tick on #5 was undone: those issues are closed or gone. Nothing was approved.",
    ]);
    expect(github.comments.get(4)?.[0]?.body).toContain('"approvedVia":"dashboard"');
  });
});
