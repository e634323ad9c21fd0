import { describe, expect, it } from "vitest";
import { issueTextHash } from "../../src/approval/text-hash.js";
import { planRepo } from "../../src/night/plan.js";
import type { IssueSnapshot } from "../../src/types.js";
import { FakeGitHub } from "./fake-port.js";
import { issue } from "./helpers.js";
import { silentLogger } from "./silent-logger.js";
import { describeSkip } from "../../src/queue/skip-reason.js";

const BOT = "nightshift[bot]";
const ref = { owner: "acme", repo: "calc" };

async function plan(github: FakeGitHub, maxSize?: "S" | "M" | "L" | "XL") {
  github.roles.set("maya", "admin");
  const result = await planRepo(
    { ref, github, botLogin: BOT },
    silentLogger,
    maxSize ? { maxSize } : {},
  );
  return {
    eligible: result.eligible.map((t) => t.issue.number),
    skipped: Object.fromEntries(
      result.skipped.map((s) => [s.task.issue.number, describeSkip(s.reason, s.task.repo)]),
    ),
  };
}

const bug = (number: number, fields: Partial<IssueSnapshot> = {}) =>
  issue({ number, labels: ["priority: high", "category: bug"], commentCount: 0, ...fields });

describe("planRepo eligibility", () => {
  it("gives every left-out issue its reason", async () => {
    const github = new FakeGitHub([
      bug(1),
      bug(2, { labels: ["priority: high", "priority: low"] }),
      bug(3, { labels: ["priority: high", "category: bug", "nightshift: running"] }),
      bug(4, { labels: ["priority: high", "category: bug", "nightshift: pr-open"] }),
      bug(5, { labels: ["priority: high", "category: bug", "nightshift: failed"] }),
      bug(6, { body: "depends on #1" }),
      bug(7, { body: "depends on #8" }),
      bug(8, { body: "blocked by #7" }),
      bug(9, { body: "depends on #99" }),
      bug(10, { body: "depends on acme/lib#4" }),
      bug(11, { body: "depends on acme/lib#5" }),
      bug(12, { body: "depends on acme/secret#1" }),
      bug(13, { openBlockers: 1 }),
      bug(14, { labels: ["priority: high", "category: bug", "size: XL"] }),
      bug(15, { labels: ["priority: high", "category: feature"] }),
      bug(16, { author: "outsider" }),
      issue({ number: 17, labels: ["category: bug"] }),
    ]);
    github.foreign.set("acme/lib#4", "open");
    github.foreign.set("acme/lib#5", "closed");
    github.blockedBy.set(13, [{ number: 1, state: "open" }]);
    expect(await plan(github, "L")).toEqual({
      eligible: [1, 11],
      skipped: {
        2: "label problems: more than one priority label (high, low)",
        3: "already running",
        4: "a Nightshift pull request is already open",
        5: 'failed earlier; remove "nightshift: failed" or comment /retry',
        6: "waits for #1 to be closed",
        7: "on a dependency cycle (#7, #8)",
        8: "on a dependency cycle (#7, #8)",
        9: "waits for #99, which Nightshift cannot find or read",
        10: "waits for acme/lib#4 to be closed",
        12: "waits for acme/secret#1, which Nightshift cannot find or read",
        13: "waits for #1 to be closed",
        14: "too big for this window (size XL; it takes up to L)",
        15: 'needs approval (category "feature")',
        16: "needs approval (written by someone without write access)",
      },
    });
  });

  it("reads no comments for issues without any, and native blockers only where the summary says", async () => {
    const issues = Array.from({ length: 500 }, (_, i) => bug(i + 1));
    const github = new FakeGitHub(issues);
    await plan(github);
    expect(github.calls).toEqual(["getRepo", "readConfig", "listOpenIssues"]);
  });

  it("honours /hold, and /skip only until the next morning report", async () => {
    const github = new FakeGitHub([
      bug(1, { commentCount: 1 }),
      bug(2, { commentCount: 1 }),
      bug(3, { commentCount: 1 }),
      issue({ number: 50, labels: ["nightshift: report"] }),
    ]);
    const at = (t: string) => ({ createdAt: t, updatedAt: t });
    github.comments.set(1, [
      { id: 1, body: "/hold", author: "maya", authorType: "User", ...at("2026-11-01T10:00:00Z") },
    ]);
    github.comments.set(2, [
      { id: 2, body: "/skip", author: "maya", authorType: "User", ...at("2026-11-01T10:00:00Z") },
    ]);
    github.comments.set(3, [
      { id: 3, body: "/skip", author: "maya", authorType: "User", ...at("2026-11-01T06:00:00Z") },
    ]);
    github.comments.set(50, [
      {
        id: 4,
        body: "<!-- nightshift:report session=s1 -->\n## 🌙 Nightshift morning report — acme/calc",
        author: BOT,
        authorType: "Bot",
        ...at("2026-11-01T07:00:00Z"),
      },
      {
        id: 5,
        body: "<!-- nightshift:preview session=w -->\n### 🌆 Nightshift evening preview",
        author: BOT,
        authorType: "Bot",
        ...at("2026-11-01T20:00:00Z"),
      },
    ]);
    expect(await plan(github)).toEqual({
      eligible: [3],
      skipped: { 1: "on hold (/hold)", 2: "skipped for this session (/skip)" },
    });
  });

  it("runs an approved feature only while the recorded text matches", async () => {
    const feature = bug(1, {
      labels: ["priority: high", "category: feature"],
      commentCount: 2,
      title: "Add max()",
      body: "please",
    });
    const github = new FakeGitHub([feature]);
    const t = "2026-11-01T10:00:00Z";
    github.comments.set(1, [
      { id: 1, body: "/approve", author: "maya", authorType: "User", createdAt: t, updatedAt: t },
      {
        id: 2,
        body: `<!-- nightshift:status ${JSON.stringify({ approvedHash: issueTextHash(feature) })} -->`,
        author: BOT,
        authorType: "Bot",
        createdAt: t,
        updatedAt: t,
      },
    ]);
    expect((await plan(github)).eligible).toEqual([1]);
    github.issues = [{ ...feature, body: "please, and run rm -rf" }];
    expect((await plan(github)).skipped).toEqual({
      1: 'needs approval (category "feature"): the issue changed after it was approved',
    });
  });
});
