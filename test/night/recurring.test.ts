import { describe, expect, it } from "vitest";
import { authorRole } from "../../src/approval/author-role.js";
import { planRepo } from "../../src/night/plan.js";
import { describeSkip } from "../../src/queue/skip-reason.js";
import type { RepoRole } from "../../src/github/port.js";
import { FakeGitHub } from "../unit/fake-port.js";
import { issue } from "../unit/helpers.js";
import { silentLogger } from "../unit/silent-logger.js";

const BOT = "nightshift[bot]";
const ref = { owner: "acme", repo: "calc" };
// Monday 5 January 2026, 20:00 UTC; the window opens at 23:00.
const moment = {
  now: new Date("2026-01-05T20:00:00Z"),
  opensAt: new Date("2026-01-05T23:00:00Z"),
  timeZone: "UTC",
};
const config = {
  recurring: [
    {
      title: "Update dependencies",
      body: "Bump every dependency.",
      labels: ["priority: low", "category: infra"],
      schedule: { weekly: "mon" },
    },
    {
      title: "Write the roadmap",
      labels: ["priority: low", "category: feature"],
      schedule: "daily",
    },
  ],
};

async function planWithRecurring(github: FakeGitHub) {
  github.config = config;
  github.roles.set("maya", "admin");
  const plan = await planRepo({ ref, github, botLogin: BOT }, silentLogger, {
    recurring: moment,
  });
  return {
    eligible: plan.eligible.map((t) => t.issue.title),
    skipped: plan.skipped.map((s) => `${s.task.issue.title}: ${describeSkip(s.reason)}`),
    problems: plan.problems,
  };
}

describe("recurring tasks at plan time", () => {
  it("opens each due occurrence once, marked, and queues it under the usual approval rules", async () => {
    const github = new FakeGitHub();
    expect(await planWithRecurring(github)).toEqual({
      eligible: ["Update dependencies (2026-01-05)"],
      skipped: ['Write the roadmap (2026-01-05): needs approval (category "feature")'],
      problems: [],
    });
    expect(github.created).toEqual([
      {
        title: "Update dependencies (2026-01-05)",
        body: "Bump every dependency.\n\n<!-- nightshift:recurring:update-dependencies:2026-01-05 -->",
        labels: ["priority: low", "category: infra"],
      },
      {
        title: "Write the roadmap (2026-01-05)",
        body: "<!-- nightshift:recurring:write-the-roadmap:2026-01-05 -->",
        labels: ["priority: low", "category: feature"],
      },
    ]);
    // A second pass the same evening finds them open (by their markers) and opens nothing.
    await planWithRecurring(github);
    expect(github.created).toHaveLength(2);
  });

  it("does not open an occurrence again once it was closed", async () => {
    const github = new FakeGitHub([
      issue({
        number: 4,
        title: "Update dependencies (2026-01-05)",
        body: "<!-- nightshift:recurring:update-dependencies:2026-01-05 -->",
        author: BOT,
        authorType: "Bot",
        state: "closed",
        createdAt: "2026-01-05T19:00:00Z",
      }),
    ]);
    await planWithRecurring(github);
    expect(github.created.map((c) => c.title)).toEqual(["Write the roadmap (2026-01-05)"]);
  });

  it("reads markers only in the bot's issues: anyone's forged marker changes nothing", async () => {
    const github = new FakeGitHub([
      issue({
        number: 4,
        title: "Update dependencies (2026-01-05)",
        body: "<!-- nightshift:recurring:update-dependencies:2026-01-05 -->",
        author: "outsider",
        labels: ["priority: high", "category: bug"],
        commentCount: 0,
      }),
    ]);
    await planWithRecurring(github);
    expect(github.created.map((c) => c.title)).toEqual([
      "Update dependencies (2026-01-05)",
      "Write the roadmap (2026-01-05)",
    ]);
  });

  it("opens nothing without the bot's login, and nothing for the CLI's plan", async () => {
    const github = new FakeGitHub();
    github.config = config;
    await planRepo({ ref, github }, silentLogger, { recurring: moment });
    await planRepo({ ref, github, botLogin: BOT }, silentLogger);
    expect(github.created).toEqual([]);
  });

  it("plans the queue and reports the problem when GitHub refuses the issue", async () => {
    const github = new FakeGitHub();
    github.createIssue = () => Promise.reject(new Error("403 issues are disabled"));
    expect((await planWithRecurring(github)).problems).toEqual([
      "recurring tasks could not be opened: 403 issues are disabled",
    ]);
  });
});

describe("the author's role for approval", () => {
  const roles = (role: RepoRole) => () => Promise.resolve(role);
  const marked = "<!-- nightshift:recurring:deps:2026-01-05 -->";
  it.each<[string, { author: string; authorType: "User" | "Bot"; body: string }, RepoRole]>([
    [
      "the bot's recurring issue counts as written with write access",
      { author: BOT, authorType: "Bot", body: marked },
      "write",
    ],
    [
      "the bot's issue without a marker is looked up",
      { author: BOT, authorType: "Bot", body: "" },
      "none",
    ],
    [
      "a user who copied the marker is looked up",
      { author: "outsider", authorType: "User", body: marked },
      "none",
    ],
    ["another bot is looked up", { author: "other[bot]", authorType: "Bot", body: marked }, "none"],
  ])("%s", async (_name, who, expected) => {
    expect(await authorRole(who, BOT, roles("none"))).toBe(expected);
  });
});
