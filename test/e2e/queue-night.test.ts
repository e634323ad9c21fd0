import { fileURLToPath } from "node:url";
import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../src/demo/run-demo.js";
import type { CheckRunView } from "../../packages/simulator/src/state.js";
import { botOctokit } from "../simulator/harness.js";
import { describeSkip, isQuotaBound } from "../../src/queue/skip-reason.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/queue.yml", import.meta.url));
const REPO = "acme/tracker";
const BOT = "nightshift[bot]";

let result: DemoResult;
const comments: Record<number, { author: string; body: string }[]> = {};
const reactions: Record<number, string[]> = {};
let checks: CheckRunView[] = [];
let brokenComments: string[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  result = await runDemo({
    scenarioPath,
    inspect: async (sim, settle) => {
      for (const issue of sim.state.issues(REPO)) {
        const list = sim.state.comments(REPO, issue.number);
        comments[issue.number] = list.map((c) => ({ author: c.author, body: c.body }));
        reactions[issue.number] = list.flatMap((c) =>
          sim.state.reactions(REPO, c.id).map((r) => `${r.content} by ${r.user}`),
        );
      }
      brokenComments = sim.state.comments("acme/broken", 1).map((c) => c.body);
      // A maintainer proposes a broken config in a pull request: the bot fails its check.
      await sim.act({
        as: "maya",
        push: {
          repo: REPO,
          branch: "maya/config",
          files: { ".github/nightshift.yml": "categories: { autoApprove: yes }\n" },
          message: "Configure Nightshift",
        },
      });
      const gh = await botOctokit(sim);
      await gh.rest.pulls.create({
        owner: "acme",
        repo: "tracker",
        title: "Configure Nightshift",
        head: "maya/config",
        base: "main",
      });
      await settle();
      checks = sim.state.checkRuns(REPO);
    },
  });
}, 120_000);

const commentsOn = (n: number) => comments[n] ?? [];
const statusOf = (n: number) =>
  commentsOn(n).filter((c) => c.author === BOT && c.body.startsWith("<!-- nightshift:status"));
const labelsOf = (n: number, repo = REPO) =>
  result.issues.find((i) => i.repo === repo && i.number === n)?.labels ?? [];
const skipped = (repo = REPO) =>
  Object.fromEntries(
    (
      result.session.repos.find((r) => `${r.repo.owner}/${r.repo.repo}` === repo)?.skipped ?? []
    ).map((s) => [
      s.task.issue.number,
      // Quota reasons carry numbers; the point here is only that quota was the reason.
      isQuotaBound(s.reason) ? "quota" : describeSkip(s.reason, s.task.repo),
    ]),
  );

describe("the queue night", () => {
  it("sends only requests GitHub's OpenAPI description accepts", () => {
    expect(result.violations).toEqual([]);
  });

  it("starts nothing on a quota this small, and says why for every queued issue", () => {
    expect(result.session.repos.flatMap((r) => r.runs)).toEqual([]);
    expect(skipped()).toEqual({
      1: "quota",
      2: "quota",
      3: "needs approval (written by someone without write access): the issue was edited by @outsider after it was approved",
      4: "waits for #1 to be closed",
      5: "on hold (/hold)",
      6: "skipped for this session (/skip)",
      7: "on a dependency cycle (#7, #8)",
      8: "on a dependency cycle (#7, #8)",
      9: "waits for #1 to be closed",
      10: "label problems: more than one priority label (high, low)",
      11: 'needs approval (category "feature")',
      12: 'needs approval (category "feature")',
      13: "quota",
    });
  });

  it("approves a maintainer's /approve with a 👍 and one status comment", () => {
    expect(reactions[2]).toEqual([`+1 by ${BOT}`]);
    expect(labelsOf(2)).not.toContain("needs-approval");
    expect(statusOf(2)).toHaveLength(1);
    expect(statusOf(2)[0]?.body).toContain("✅ Approved by @maya");
  });

  it("voids an approval when someone who cannot approve edits the issue, and says so", () => {
    expect(labelsOf(3)).toContain("needs-approval");
    expect(statusOf(3)).toHaveLength(1);
    expect(statusOf(3)[0]?.body).toContain(
      "An earlier approval does not count: the issue was edited by @outsider after it was approved.",
    );
  });

  it("reports a label problem once, on the issue", () => {
    expect(statusOf(10)).toHaveLength(1);
    expect(statusOf(10)[0]?.body).toContain("more than one priority label (high, low)");
  });

  it("refuses /approve from read access with a short reply", () => {
    expect(commentsOn(11).map((c) => c.body)).toContain(
      "@rae `/approve` needs write access to this repository; yours is read. Nothing was changed.",
    );
    expect(labelsOf(11)).toContain("needs-approval");
  });

  it("ignores quoted, fenced and edited-in /approve", () => {
    expect(reactions[12]).toEqual([]);
    expect(labelsOf(12)).toContain("needs-approval");
  });

  it("keeps an approval given before the issue was queued", () => {
    expect(labelsOf(13)).not.toContain("needs-approval");
  });

  it("answers /nightshift plan with this repository's plan", () => {
    const reply = commentsOn(1).find((c) => c.body.startsWith("@tia here is the plan"));
    expect(reply?.body).toContain("**Would not run:**");
    expect(reply?.body).toContain("- #4 Refactor the parser: waits for #1 to be closed");
    expect(reply?.body).toContain("- #5 Document the CLI: on hold (/hold)");
  });

  it("runs nothing on a repository whose config is bad, and says so on its report issue", () => {
    const problems = result.session.repos.find((r) => r.repo.repo === "broken")?.problems ?? [];
    expect(problems.join("\n")).toContain(".github/nightshift.yml is not valid");
    const report = result.reports.find((r) => r.repo === "acme/broken");
    expect(report?.body).toContain("enabled: Invalid input: expected boolean");
    expect(labelsOf(1, "acme/broken")).not.toContain("needs-approval");
    // A command there is answered with the reason instead of silence.
    expect(brokenComments.at(-1)).toMatch(
      /^@maya Nightshift is paused on this repository until its config is fixed, so nothing was changed\.\n\n```\n\.github\/nightshift\.yml is not valid:/,
    );
  });

  it("fails a check on a pull request that breaks the config", () => {
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: "Nightshift config", conclusion: "failure" });
    expect(checks[0]?.summary).toContain("categories.autoApprove");
  });
});
