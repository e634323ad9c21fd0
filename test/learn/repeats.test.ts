import { describe, expect, it } from "vitest";
import { repeatSuggestions, type ClosedIssue } from "../../src/learn/repeats.js";

const DAY = 86_400_000;
// Monday 2026-01-05, 10:00 UTC.
const MONDAY = Date.parse("2026-01-05T10:00:00Z");

/** Issues titled by `title(i)`, closed `gaps` days apart, the first on `start`. */
function series(
  title: (i: number) => string,
  gaps: readonly number[],
  start = MONDAY,
  labels: string[] = ["category: infra"],
): ClosedIssue[] {
  let at = start;
  const issues = [{ title: title(0), closedAt: new Date(at), labels }];
  gaps.forEach((gap, i) => {
    at += gap * DAY;
    issues.push({ title: title(i + 1), closedAt: new Date(at), labels });
  });
  return issues;
}

const lastOf = (issues: ClosedIssue[]) => issues[issues.length - 1]?.closedAt ?? new Date(0);
const suggest = (issues: ClosedIssue[], extra: { declared?: string[]; nowDays?: number } = {}) =>
  repeatSuggestions(issues, {
    now: new Date(lastOf(issues).getTime() + (extra.nowDays ?? 1) * DAY),
    timeZone: "UTC",
    declared: extra.declared,
  });

const weeklyDeps = (n: number) =>
  series((i) => `Update dependencies (week ${i + 1})`, Array(n - 1).fill(7));

describe("repeatSuggestions", () => {
  it.each([
    [2, null],
    [3, "low"],
    [4, "medium"],
    [5, "high"],
    [9, "high"],
  ])("%i weekly repeats → confidence %s", (count, confidence) => {
    const [found] = suggest(weeklyDeps(count));
    expect(found?.confidence ?? null).toBe(confidence);
  });

  it("suggests a schedule ready to adopt, with the labels every occurrence carried", () => {
    expect(suggest(weeklyDeps(5))).toEqual([
      {
        pattern: "update dependencies",
        title: "Update dependencies",
        cadence: "weekly",
        occurrences: 5,
        confidence: "high",
        schedule: { weekly: "mon" },
        labels: ["category: infra"],
        lastClosedAt: new Date(MONDAY + 28 * DAY),
      },
    ]);
  });

  it.each<[string, ClosedIssue[], object | null]>([
    [
      "monthly, gaps 28–31 days, on the 1st",
      series(
        (i) => `Monthly report: ${["January", "February", "March", "April"][i] ?? ""}`,
        [31, 28, 31],
        Date.parse("2026-01-01T09:00:00Z"),
      ),
      { cadence: "monthly", schedule: { monthly: 1 }, title: "Monthly report" },
    ],
    [
      "daily",
      series((i) => `Triage inbox ${i}`, [1, 1, 1, 1]),
      { cadence: { days: 1 }, schedule: "daily" },
    ],
    [
      "every two weeks: no schedule says it",
      series((i) => `Sprint ${i} retro`, [14, 15, 13]),
      { cadence: { days: 14 }, schedule: null, title: "retro" },
    ],
    [
      "gaps within ±25 % of the median (6, 8, 7, 7)",
      series((i) => `Release v1.${i}.0`, [6, 8, 7, 7]),
      { cadence: "weekly", confidence: "high" },
    ],
    ["one gap 30 % off", series((i) => `Release v1.${i}.0`, [7, 7, 9.1, 7]), null],
    ["irregular gaps", series((i) => `Release v1.${i}.0`, [3, 20, 7, 41]), null],
    ["closed in one batch", series((i) => `Cleanup ${i}`, [0, 0.01, 0]), null],
  ])("%s", (_name, issues, expected) => {
    const [found] = suggest(issues);
    if (expected === null) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it("finds the pattern among noise, and leaves one-off issues alone", () => {
    const noise: ClosedIssue[] = [
      { title: "Fix crash on empty input", closedAt: new Date(MONDAY + 2 * DAY), labels: [] },
      { title: "Fix crash on empty input", closedAt: new Date(MONDAY + 30 * DAY), labels: [] },
      { title: "Docs: typo", closedAt: new Date(MONDAY + 3 * DAY), labels: [] },
      { title: "2026-01-09", closedAt: new Date(MONDAY + 4 * DAY), labels: [] },
      { title: "2026-01-16", closedAt: new Date(MONDAY + 11 * DAY), labels: [] },
      { title: "2026-01-23", closedAt: new Date(MONDAY + 18 * DAY), labels: [] },
    ];
    const issues = [...noise, ...weeklyDeps(4)];
    expect(suggest(issues).map((s) => [s.title, s.confidence])).toEqual([
      ["Update dependencies", "medium"],
    ]);
  });

  it("takes the labels all occurrences share, and the weekday most of them fell on", () => {
    const issues = weeklyDeps(4).map((issue, i) => ({
      ...issue,
      labels: i === 0 ? ["category: infra"] : ["category: infra", "priority: low"],
      // The second one slipped to Tuesday.
      closedAt: i === 1 ? new Date(issue.closedAt.getTime() + DAY) : issue.closedAt,
    }));
    expect(suggest(issues)[0]).toMatchObject({
      labels: ["category: infra"],
      schedule: { weekly: "mon" },
    });
  });

  it("drops a repeat that stopped, and one already declared as recurring", () => {
    expect(suggest(weeklyDeps(5), { nowDays: 30 })).toEqual([]);
    expect(suggest(weeklyDeps(5), { declared: ["Update dependencies"] })).toEqual([]);
  });

  it("orders stronger suggestions first", () => {
    const issues = [
      ...series((i) => `Rotate keys ${i}`, [7, 7]),
      ...weeklyDeps(6),
      ...series((i) => `Prune branches ${i}`, [7, 7, 7]),
    ];
    expect(suggest(issues).map((s) => [s.title, s.occurrences])).toEqual([
      ["Update dependencies", 6],
      ["Prune branches", 4],
      ["Rotate keys", 3],
    ]);
  });

  it("reads weekdays in the host's timezone", () => {
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo.
    const issues = series((i) => `Deploy ${i}`, [7, 7], Date.parse("2026-01-04T23:30:00Z"));
    const found = repeatSuggestions(issues, { now: lastOf(issues), timeZone: "Asia/Tokyo" });
    expect(found[0]?.schedule).toEqual({ weekly: "mon" });
  });
});
