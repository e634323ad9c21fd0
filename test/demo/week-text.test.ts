import { describe, expect, it } from "vitest";
import type { WeekResult } from "../../src/demo/run-week.js";
import type { WeekDayOutcome } from "../../src/demo/week-outcome.js";
import { weekText } from "../../src/demo/week-text.js";

const quietDay = (date: string, weekday: string): WeekDayOutcome => ({
  date,
  weekday,
  maintainers: [],
  scheduled: [],
  sessions: [],
  runs: [],
  pullRequests: { opened: [], updated: [] },
  recurringOpened: [],
  calibrated: [],
  weekend: [],
  followUps: [],
  repeatsOffered: [],
  repeatsAdopted: [],
  untilDone: [],
  reports: [],
});

const monday: WeekDayOutcome = {
  ...quietDay("2026-01-05", "Monday"),
  maintainers: ["10:00 sam requests changes"],
  scheduled: ["night@2026-01-05#0", "night@2026-01-05#report"],
  sessions: ["night@2026-01-05"],
  runs: [
    {
      session: "night@2026-01-05",
      repo: "acme/calculator",
      issue: 1,
      title: "Docs",
      status: "shipped",
      pr: 5,
      followUp: true,
      estimate: 2,
      calibrated: true,
    },
  ],
  pullRequests: { opened: [], updated: [{ repo: "acme/calculator", number: 5, issue: 1 }] },
  calibrated: [
    { repo: "acme/calculator", issue: 1, estimate: 2, default: 5, pastRuns: 3, scope: "category" },
  ],
  followUps: [{ repo: "acme/calculator", issue: 1, pull: 5 }],
  reports: [
    {
      repo: "acme/calculator",
      kind: "morning",
      body: '## Morning\n\nShipped #1.\n<!-- nightshift:data {"runs":[]} -->\n',
    },
  ],
};

describe("the week's text", () => {
  const text = weekText({
    days: [monday, quietDay("2026-01-06", "Tuesday")],
    violations: [],
    durationMs: 12_345,
  } satisfies WeekResult);

  it("heads each day with its weekday and date, then its maintainers, work, features and reports", () => {
    expect(text).toContain(
      [
        "══════ Monday 2026-01-05 ══════",
        "",
        "👤 10:00 sam requests changes",
        "⏰ scheduled: night@2026-01-05#0, night@2026-01-05#report",
        "▶️ run: acme/calculator#1 shipped (pull request #5)",
        "📐 calibrated: acme/calculator#1 planned at 2 (default 5, from 3 past runs)",
        "↪️ follow-up commit: acme/calculator#1 on pull request #5",
        "",
        "── acme/calculator: morning report ──",
        "",
        "## Morning\n\nShipped #1.",
      ].join("\n"),
    );
    expect(text).toContain("══════ Tuesday 2026-01-06 ══════\n\n⏰ scheduled: nothing due");
  });

  it("names repeat suggestions and adoptions, until-done states, the weekend list and its ticks", () => {
    const friday = weekText({
      days: [
        {
          ...quietDay("2026-01-09", "Friday"),
          weekend: [{ repo: "acme/parser", candidates: [1, 2], ticked: [2] }],
          untilDone: [{ repo: "acme/calculator", target: "label `epic: mean`", state: "working" }],
          repeatsOffered: [{ repo: "acme/notes", suggestion: "Weekly notes — weekly on Monday" }],
          repeatsAdopted: [{ repo: "acme/docs", series: "digest", title: "Digest", by: "maya" }],
        },
      ],
      violations: [],
      durationMs: 0,
    });
    expect(friday).toContain(
      "💡 repeat suggested on acme/notes's dashboard: Weekly notes — weekly on Monday\n" +
        "✅ repeat adopted: acme/docs “Digest” by @maya\n" +
        "🎯 until done: acme/calculator label `epic: mean` — working\n" +
        "🗓️ weekend list: acme/parser offers #1, #2; ticked: #2\n",
    );
  });

  it("leaves the hidden data block to --json", () => {
    expect(text).not.toContain("nightshift:data");
  });

  it("ends with the week's totals", () => {
    expect(text.split("\n").at(-1)).toBe(
      "Nightshift week: 1 runs (1 shipped), 0 pull requests opened, 1 follow-up commits, " +
        "0 recurring issues opened, 1 calibrated estimates in 12.3 s; 0 OpenAPI violations.",
    );
  });
});
