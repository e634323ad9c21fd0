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
    expect(result).toEqual({ approved: [], refused: [], adopted: [], refusedRepeats: [] });
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
    expect(result).toEqual({ approved: [4], refused: [5], adopted: [], refusedRepeats: [] });
    expect(report.body).toContain("- [x] #4");
    expect(report.body).toContain("- [ ] #5");
    expect(github.comments.get(1)?.map((c) => c.body)).toEqual([
      "@maya your tick on #5 was undone: those issues are closed or gone. Nothing was approved.",
    ]);
    expect(github.comments.get(4)?.[0]?.body).toContain('"approvedVia":"dashboard"');
  });
});

describe("a dashboard edit ticking repeat suggestions", () => {
  const offer = (series: string, title: string) => ({
    series,
    title,
    schedule: { weekly: "mon" } as const,
    labels: ["priority: low"],
    occurrences: 5,
    confidence: "high" as const,
  });
  const offered = [offer("weekly-notes", "Weekly notes"), offer("triage", "Triage")];

  function withRepeats(role: "write" | "read") {
    const base = setup(role);
    const before = renderDashboard(
      {
        eligible: [],
        skipped: [
          {
            task: task({ number: 4 }),
            reason: { kind: "needs-approval", requirement: 'category "feature"' },
          },
        ],
      },
      new Date("2026-11-01T20:00:00Z"),
      { offered, adopted: [] },
    );
    base.report.body = before;
    const adoptions: [string, string, string][] = [];
    const adoptRepeat = (series: string, by: string, at: Date) => {
      adoptions.push([series, by, at.toISOString()]);
      const found = offered.find((o) => o.series === series);
      return found ? { ...found, adoptedBy: by, adoptedAt: at.toISOString() } : null;
    };
    return { ...base, before, adoptions, input: { ...base.input, before, adoptRepeat } };
  }
  const tickLine = (body: string, text: string) => body.replace(`- [ ] ${text}`, `- [x] ${text}`);

  it("adopts by an approver's tick, which stays, and says so once", async () => {
    const { github, report, before, input, adoptions } = withRepeats("write");
    const after = tickLine(before, "Weekly notes");
    report.body = after;
    const result = await handleDashboardTick({
      ...input,
      after,
      readIssue: () => Promise.reject(new Error("must not read")),
    });
    expect(result).toEqual({
      approved: [],
      refused: [],
      adopted: ["weekly-notes"],
      refusedRepeats: [],
    });
    expect(adoptions).toEqual([["weekly-notes", "maya", "2026-11-02T08:00:00.000Z"]]);
    expect(report.body).toContain("- [x] Weekly notes");
    expect(github.comments.get(1)?.map((c) => c.body)).toEqual([
      "☑️ @maya adopted “Weekly notes” (weekly on Monday) as recurring: Nightshift opens each occurrence as an issue from now on. The dashboard lists what was adopted, with the YAML to move into `.github/nightshift.yml`.",
    ]);
  });

  it("undoes a tick by someone who may not approve, approval and repeat alike, in one reply", async () => {
    const { github, report, before, input, adoptions } = withRepeats("read");
    const after = tickLine(tickLine(before, "#4"), "Triage");
    report.body = after;
    const result = await handleDashboardTick({
      ...input,
      after,
      readIssue: () => Promise.reject(new Error("must not read")),
    });
    expect(result).toEqual({
      approved: [],
      refused: [4],
      adopted: [],
      refusedRepeats: ["triage"],
    });
    expect(adoptions).toEqual([]);
    expect(report.body).toBe(before);
    expect(github.comments.get(1)?.map((c) => c.body)).toEqual([
      "@maya your tick on #4, `triage` was undone: ticking a box is `/approve`, which needs write access to this repository; yours is read. Nothing was approved or adopted.",
    ]);
  });

  it("undoes an approver's tick on a series the dashboard does not offer", async () => {
    const { github, report, before, input } = withRepeats("write");
    const after = `${before}- [x] Forged <!-- nightshift:repeat forged -->\n`;
    report.body = after;
    const result = await handleDashboardTick({
      ...input,
      after,
      readIssue: () => Promise.reject(new Error("must not read")),
    });
    expect(result.refusedRepeats).toEqual(["forged"]);
    expect(report.body).toContain("- [ ] Forged");
    expect(github.comments.get(1)?.map((c) => c.body)).toEqual([
      "@maya your tick on `forged` was undone: no such repeat suggestion waits on this dashboard. Nothing was adopted.",
    ]);
  });
});
