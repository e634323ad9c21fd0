import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import { runWeek, type WeekResult } from "../../src/demo/run-week.js";
import type { WeekDayOutcome } from "../../src/demo/week-outcome.js";

let week: WeekResult;

const day = (weekday: string): WeekDayOutcome => {
  const found = week.days.find((d) => d.weekday === weekday);
  if (!found) throw new Error(`no ${weekday} in the week`);
  return found;
};

/**
 * `npm run demo -- --week` as the CLI runs it (runWeek): the bundled week on the production
 * scheduler with a driven clock, the maintainers played through the simulator between nights.
 * Every feature of the week is read from the per-day outcome `--json` prints.
 */
beforeAll(async () => {
  // Only the simulator on loopback may be reached.
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  week = await runWeek();
}, 240_000);

describe("a week in the demo", () => {
  it("plays seven days, Monday to Sunday, each with its reports", () => {
    expect(week.days.map((d) => `${d.weekday} ${d.date}`)).toEqual([
      "Monday 2026-01-05",
      "Tuesday 2026-01-06",
      "Wednesday 2026-01-07",
      "Thursday 2026-01-08",
      "Friday 2026-01-09",
      "Saturday 2026-01-10",
      "Sunday 2026-01-11",
    ]);
    const kinds = week.days.map((d) => d.reports.map((r) => `${r.repo} ${r.kind}`));
    const mornings = ["acme/calculator morning", "acme/parser morning"];
    const withStatus = [
      "acme/calculator morning",
      "acme/calculator until-done",
      "acme/parser morning",
    ];
    expect(kinds).toEqual([
      mornings,
      mornings,
      withStatus,
      withStatus,
      ["acme/parser weekend-list"],
      withStatus,
      ["acme/parser weekend-summary"],
    ]);
  });

  it("runs each weeknight's preview, cycle and report once, through the scheduler", () => {
    expect(day("Monday").scheduled).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#0",
      "night@2026-01-05#report",
    ]);
    expect(week.days.slice(0, 4).map((d) => d.sessions)).toEqual([
      ["night@2026-01-05"],
      ["night@2026-01-06"],
      ["night@2026-01-07"],
      ["night@2026-01-08"],
    ]);
    const runs = week.days.flatMap((d) => d.runs);
    expect(runs.filter((run) => run.status !== "shipped")).toEqual([]);
  });

  it("opens each recurring series' issue once, on Tuesday, and runs the queued one that night", () => {
    const opened = week.days.flatMap((d) => d.recurringOpened);
    expect(opened.map((issue) => `${issue.repo} ${issue.title}`)).toEqual([
      "acme/parser Refresh the changelog (2026-01-06)",
      "acme/parser Weekly release notes (2026-01-05)",
    ]);
    expect(day("Tuesday").recurringOpened).toEqual(opened);
    const changelog = opened[0]?.number;
    expect(day("Tuesday").runs).toContainEqual(
      expect.objectContaining({ repo: "acme/parser", issue: changelog, status: "shipped" }),
    );
  });

  it("suggests the weekly repeat on Monday's dashboard, and adopts it by maya's tick on Tuesday", () => {
    expect(day("Monday").repeatsOffered).toEqual([
      {
        repo: "acme/parser",
        suggestion: "Weekly release notes — weekly on Monday, 5 closed issues, high confidence",
      },
    ]);
    expect(day("Tuesday").repeatsAdopted).toEqual([
      {
        repo: "acme/parser",
        series: "weekly-release-notes",
        title: "Weekly release notes",
        by: "maya",
      },
    ]);
    // Adopted, it is offered no more.
    expect(day("Tuesday").repeatsOffered).toEqual([]);
  });

  it("plans with the default until minRuns (3) runs reported turns, then with the calibrated figure", () => {
    const monday = day("Monday");
    expect(monday.calibrated).toEqual([]);
    expect(monday.runs.filter((run) => run.status === "shipped")).toHaveLength(3);
    const tuesday = day("Tuesday");
    expect(tuesday.calibrated.length).toBeGreaterThan(0);
    for (const estimate of tuesday.calibrated) {
      expect(estimate.pastRuns).toBeGreaterThanOrEqual(3);
      expect(estimate.estimate).toBeLessThan(estimate.default);
    }
    expect(tuesday.runs.every((run) => run.calibrated)).toBe(true);
  });

  it("pushes the review's follow-up commit on Tuesday to Monday's pull request, no second one", () => {
    const mondayPull = day("Monday").pullRequests.opened.find(
      (pull) => pull.repo === "acme/calculator" && pull.issue === 1,
    );
    expect(mondayPull).toBeDefined();
    const tuesday = day("Tuesday");
    expect(tuesday.followUps).toEqual([
      { repo: "acme/calculator", issue: 1, pull: mondayPull?.number },
    ]);
    expect(tuesday.pullRequests.updated).toContainEqual(mondayPull);
    const laterPulls = week.days.slice(1).flatMap((d) => d.pullRequests.opened);
    expect(
      laterPulls.filter((pull) => pull.repo === "acme/calculator" && pull.issue === 1),
    ).toEqual([]);
  });

  it("posts the weekend list on Friday, keeps the approver's tick, and runs the ticked issue first", () => {
    expect(day("Friday").scheduled).toEqual(["weekend@2026-01-09#weekend-plan"]);
    expect(day("Friday").weekend).toEqual([
      { repo: "acme/parser", candidates: [1, 2], ticked: [2] },
    ]);
    const saturday = day("Saturday");
    expect(saturday.sessions).toEqual(["weekend@2026-01-10"]);
    expect(saturday.runs.map((run) => `${run.repo}#${String(run.issue)} ${run.status}`)).toEqual([
      "acme/parser#2 shipped",
      "acme/parser#1 shipped",
    ]);
    const summary = day("Sunday").reports[0]?.body ?? "";
    expect(summary).toContain("#2 Rewrite the parser");
    expect(summary).not.toContain("#1 ");
  });

  it("works on the until-done target from the day it is configured until its issues are closed", () => {
    const target = { repo: "acme/calculator", target: "label `epic: mean`" };
    expect(day("Tuesday").untilDone).toEqual([]);
    expect(day("Wednesday").untilDone).toEqual([{ ...target, state: "working" }]);
    expect(day("Wednesday").runs).toContainEqual(
      expect.objectContaining({ repo: "acme/calculator", issue: 7, status: "shipped" }),
    );
    expect(day("Thursday").untilDone).toEqual([{ ...target, state: "working" }]);
    // Friday the maintainers merge its pull requests; the next cycle, Saturday's, finds it done.
    expect(day("Friday").untilDone).toEqual([]);
    expect(day("Saturday").untilDone).toEqual([{ ...target, state: "done" }]);
  });

  it("makes no request GitHub's OpenAPI description refuses", () => {
    expect(week.violations).toEqual([]);
  });
});
