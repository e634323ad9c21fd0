import { describe, expect, it } from "vitest";
import { perIssuePages, readCommentHistories } from "../../src/night/comment-histories.js";
import { planRepo } from "../../src/night/plan.js";
import type { CommentSnapshot } from "../../src/types.js";
import { FakeGitHub } from "./fake-port.js";
import { issue } from "./helpers.js";
import { silentLogger } from "./silent-logger.js";
import { describeSkip } from "../../src/queue/skip-reason.js";

const ref = { owner: "acme", repo: "calc" };

const comment = (id: number, body: string, at = "2026-11-01T10:00:00Z"): CommentSnapshot => ({
  id,
  body,
  author: "maya",
  authorType: "User",
  createdAt: at,
  updatedAt: at,
});

/** Issues 1–4: #1 and #2 without comments, #3 and #4 with one each. */
function repoWithComments(): FakeGitHub {
  const github = new FakeGitHub([
    issue({ number: 1, commentCount: 0 }),
    issue({ number: 2, commentCount: 0 }),
    issue({ number: 3, commentCount: 1 }),
    issue({ number: 4, commentCount: 1 }),
  ]);
  github.comments.set(3, [comment(30, "/approve")]);
  github.comments.set(4, [comment(40, "/hold")]);
  return github;
}

describe("perIssuePages", () => {
  it.each([
    { counts: [], pages: 0 },
    { counts: [1], pages: 1 },
    { counts: [1, 100, 101], pages: 4 },
    { counts: [undefined], pages: 1 },
  ])("$counts → $pages", ({ counts, pages }) => {
    const issues = counts.map((commentCount, i) =>
      issue(commentCount === undefined ? { number: i + 1 } : { number: i + 1, commentCount }),
    );
    expect(perIssuePages(issues)).toBe(pages);
  });
});

describe("readCommentHistories", () => {
  it("reads nothing when no issue has comments", async () => {
    const github = repoWithComments();
    const histories = await readCommentHistories(
      github,
      ref,
      github.issues.slice(0, 2),
      silentLogger,
    );
    expect(github.calls).toEqual([]);
    expect([...histories]).toEqual([
      [1, []],
      [2, []],
    ]);
  });

  it("reads a single issue's comments on their own", async () => {
    const github = repoWithComments();
    const histories = await readCommentHistories(
      github,
      ref,
      github.issues.slice(0, 3),
      silentLogger,
    );
    expect(github.calls).toEqual(["listComments #3"]);
    expect(histories.get(3)?.map((c) => c.body)).toEqual(["/approve"]);
  });

  it("reads several issues from the repository listing, since the oldest of them was opened", async () => {
    const github = repoWithComments();
    const histories = await readCommentHistories(github, ref, github.issues, silentLogger);
    const oldest = github.issues[2]?.createdAt;
    expect(github.calls).toEqual([`listRepoComments since ${String(oldest)} max 2`]);
    expect(histories.get(3)?.map((c) => c.body)).toEqual(["/approve"]);
    expect(histories.get(4)?.map((c) => c.body)).toEqual(["/hold"]);
    expect(histories.get(1)).toEqual([]);
  });

  it("falls back to one listing per issue when the repository's runs to more pages", async () => {
    const github = repoWithComments();
    // Lots of discussion elsewhere in the repository: 3 pages of 1, more than the 2 per-issue reads.
    github.comments.set(9, [comment(90, "Noted.")]);
    github.repoCommentsPerPage = 1;
    const histories = await readCommentHistories(github, ref, github.issues, silentLogger);
    expect(github.calls).toEqual([
      expect.stringMatching(/^listRepoComments since .* max 2$/),
      "listComments #3",
      "listComments #4",
    ]);
    expect(histories.get(4)?.map((c) => c.body)).toEqual(["/hold"]);
  });
});

describe("planRepo reads comments either way with the same result", () => {
  it("plans the same from the repository listing as from per-issue reads", async () => {
    const labels = (category: string) => ["priority: high", `category: ${category}`];
    const plans = [];
    for (const perPage of [100, 1]) {
      const github = new FakeGitHub([
        issue({ number: 1, labels: labels("feature"), commentCount: 1 }),
        issue({ number: 2, labels: labels("bug"), commentCount: 1 }),
        issue({ number: 3, labels: labels("bug"), commentCount: 0 }),
        issue({ number: 4, labels: [...labels("bug"), "nightshift: failed"], commentCount: 1 }),
      ]);
      github.roles.set("maya", "admin");
      // An /approve without the bot's status comment recording the text: not yet approved.
      github.comments.set(1, [comment(10, "/approve")]);
      github.comments.set(2, [comment(20, "/hold")]);
      github.comments.set(4, [comment(40, "Broken again.")]);
      github.comments.set(7, [comment(70, "a"), comment(71, "b"), comment(72, "c")]);
      github.repoCommentsPerPage = perPage;
      const plan = await planRepo({ ref, github, botLogin: "nightshift[bot]" }, silentLogger);
      plans.push({
        eligible: plan.eligible.map((t) => t.issue.number),
        skipped: plan.skipped.map((s) => [
          s.task.issue.number,
          describeSkip(s.reason, s.task.repo),
        ]),
        // #4 failed earlier: its comments are never needed, whichever way they are read.
        read: github.calls.filter((c) => c.startsWith("list") && c.includes("omments")),
      });
    }
    const [listed, perIssue] = plans;
    expect(listed?.eligible).toEqual([3]);
    expect(Object.fromEntries(listed?.skipped ?? [])).toMatchObject({ 2: "on hold (/hold)" });
    expect(perIssue?.eligible).toEqual(listed?.eligible);
    expect(perIssue?.skipped).toEqual(listed?.skipped);
    expect(listed?.read).toEqual([expect.stringMatching(/^listRepoComments .* max 2$/)]);
    expect(perIssue?.read.slice(1)).toEqual(["listComments #1", "listComments #2"]);
  });
});
