import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../src/demo/run-demo.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/demo.yml", import.meta.url));
const REPO = "acme/calculator";

let result: DemoResult;
const files: Record<string, string> = {};
let reactions: { id: number; content: string; user: string }[] = [];
let comments: Record<number, string[]> = {};
let dashboard = "";

beforeAll(async () => {
  // Only the simulator on loopback may be reached.
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  result = await runDemo({
    scenarioPath,
    inspect: async (sim) => {
      const show = (ref: string) =>
        execFileSync("git", ["--git-dir", sim.gitDir(REPO), "show", ref], { encoding: "utf8" });
      files["fix"] = show("nightshift/1-sum-ignores-the-first-value:src/calc.js");
      files["fix-test"] = show("nightshift/1-sum-ignores-the-first-value:test/calc.test.js");
      files["main"] = show("main:src/calc.js");
      files["max"] = show("nightshift/3-add-a-max-function:src/calc.js");
      files["log"] = execFileSync(
        "git",
        [
          "--git-dir",
          sim.gitDir(REPO),
          "log",
          "--format=%an <%ae>%n%s",
          "-1",
          "nightshift/1-sum-ignores-the-first-value",
        ],
        { encoding: "utf8" },
      );
      const approval = sim.state.comments(REPO, 3).find((c) => c.body.endsWith("/approve"));
      reactions = approval ? sim.state.reactions(REPO, approval.id) : [];
      comments = Object.fromEntries(
        [3, 4, 5, 7].map((n) => [n, sim.state.comments(REPO, n).map((c) => c.body)]),
      );
      dashboard =
        sim.state.issues(REPO).find((i) => i.labels.includes("nightshift: report"))?.body ?? "";
      await Promise.resolve();
    },
  });
}, 120_000);

function issue(number: number) {
  const found = result.issues.find((i) => i.number === number);
  if (!found) throw new Error(`issue #${number} not in the result`);
  return found;
}

const report = () => result.reports.map((r) => r.body).join("\n");

describe("the demo night", () => {
  it("sends only requests GitHub's OpenAPI description accepts", () => {
    expect(result.violations).toEqual([]);
  });

  it("ships the critical bug fix as a ready PR whose branch holds the fix", () => {
    expect(issue(1).pr).toMatchObject({
      draft: false,
      branch: "nightshift/1-sum-ignores-the-first-value",
    });
    expect(issue(1).labels).toContain("nightshift: pr-open");
    expect(issue(1).labels).not.toContain("nightshift: running");
    expect(files["fix"]).toContain("for (let i = 0; i < values.length; i++)");
    expect(files["fix-test"]).toContain("sum counts the first value");
    expect(files["main"]).toContain("for (let i = 1;");
    expect(files["log"]).toMatch(
      /^nightshift\[bot\] <\d+\+nightshift\[bot\]@users\.noreply\.127\.0\.0\.1>\nsum\(\) ignores the first value/,
    );
  });

  it("ships the docs task", () => {
    expect(issue(2).pr).toMatchObject({ draft: false });
    expect(issue(2).labels).toContain("nightshift: pr-open");
  });

  it("ships the feature a maintainer approved, after reacting to the /approve", () => {
    expect(issue(3).pr).toMatchObject({ draft: false });
    expect(issue(3).labels).not.toContain("needs-approval");
    expect(files["max"]).toContain("export function max(values)");
    expect(reactions).toEqual([
      expect.objectContaining({ content: "+1", user: "nightshift[bot]" }),
    ]);
  });

  it("holds the unapproved feature, refusing an outsider's /approve", () => {
    expect(issue(4).pr).toBeNull();
    expect(issue(4).labels).toContain("needs-approval");
    expect(comments[4]?.some((c) => c.includes("needs a maintainer's approval"))).toBe(true);
    expect(comments[4]).toContain(
      "@outsider `/approve` needs write access to this repository; yours is read. Nothing was changed.",
    );
    expect(report()).toMatch(
      /#4 Add a median\(\) function \(medium\) \| needs approval \(category "feature"\)/,
    );
  });

  it("reports a failing gate as failed, with a draft PR", () => {
    expect(issue(5).pr).toMatchObject({ draft: true });
    expect(issue(5).labels).toContain("nightshift: failed");
    expect(comments[5]?.at(-1)).toMatch(/could not finish this issue: gate `test` failed/);
    expect(report()).toMatch(
      /\*\*#5 mean\(\) of an empty list is NaN\*\*: gate `test` failed; draft PR opened — draft PR #\d+/,
    );
  });

  it("leaves the low-priority task to the quota thresholds", () => {
    expect(issue(6).pr).toBeNull();
    expect(report()).toContain(
      "| #6 Tidy the changelog (low) | quota: low priority runs only while more than 40 prompts remain (35 left) |",
    );
  });

  it("leaves the report issue's body as the dashboard, with a box for what awaits approval", () => {
    expect(dashboard).toContain("## 🌙 Nightshift dashboard");
    expect(dashboard).toMatch(/^- \[ \] #7 .*<!-- nightshift:approve #7 -->$/m);
    // What ran tonight is no longer listed as queued.
    expect(dashboard).not.toMatch(/^- #1 /m);
  });

  it("never runs an outsider's issue without approval", () => {
    expect(issue(7).pr).toBeNull();
    expect(report()).toContain("needs approval (written by someone without write access)");
  });

  it("posts the evening preview and one morning report; a night under a minute edits no progress comment", () => {
    const kinds = result.reports.map((r) => /<!-- nightshift:(\w+) /.exec(r.body)?.[1]);
    expect(kinds).toEqual(["preview", "report"]);
    expect(result.reports[0]?.body).toContain("plans to run:");
  });

  it("posts one morning report with every section on the report issue", () => {
    expect(result.reports.filter((r) => r.body.includes("morning report"))).toHaveLength(1);
    const body = report();
    for (const heading of [
      "## 🌙 Nightshift morning report — acme/calculator",
      "### ✅ Shipped",
      "### ❌ Failed",
      "### ⏭️ Skipped",
      "### 📊 Quota",
    ]) {
      expect(body).toContain(heading);
    }
    expect(body).toContain("Estimated use this session: 45 prompts; 35 of 80 remain.");
  });
});
