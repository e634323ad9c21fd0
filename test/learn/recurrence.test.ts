import { describe, expect, it } from "vitest";
import {
  latestOccurrence,
  markedKeys,
  nextOccurrence,
  occurrenceKey,
  occurrenceMarker,
  occurrencesToOpen,
  type SeriesIssue,
} from "../../src/learn/recurrence.js";
import { RecurringEntrySchema, type RecurringSchedule } from "../../src/learn/recurrence-schema.js";

const utc = (iso: string) => new Date(iso);
const entry = (title: string, schedule: RecurringSchedule, extra: object = {}) =>
  RecurringEntrySchema.parse({ title, schedule, body: "Do the thing.", ...extra });

describe("nextOccurrence", () => {
  it.each<[string, RecurringSchedule, string, string, string]>([
    // 2026-01-01 is a Thursday.
    ["weekly on Monday", { weekly: "mon" }, "UTC", "2026-01-01T12:00:00Z", "2026-01-05T00:00:00Z"],
    ["strictly after", "daily", "UTC", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z"],
    [
      "weekdays skip the weekend",
      "weekdays",
      "UTC",
      "2026-01-02T12:00:00Z",
      "2026-01-05T00:00:00Z",
    ],
    [
      "Monday midnight in Berlin is Sunday 23:00 UTC",
      { weekly: "mon" },
      "Europe/Berlin",
      "2026-01-04T22:30:00Z",
      "2026-01-04T23:00:00Z",
    ],
    [
      "monthly 31 in February",
      { monthly: 31 },
      "UTC",
      "2026-02-01T00:00:00Z",
      "2026-02-28T00:00:00Z",
    ],
    ["monthly 31 in March", { monthly: 31 }, "UTC", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"],
    [
      "cron in New York winter time",
      "30 6 * * 1-5",
      "America/New_York",
      "2026-01-03T12:00:00Z",
      "2026-01-05T11:30:00Z",
    ],
    [
      "cron in New York summer time",
      "30 6 * * 1-5",
      "America/New_York",
      "2026-07-04T12:00:00Z",
      "2026-07-06T10:30:00Z",
    ],
    // Day-of-month and day-of-week both restricted: either matches (Friday 2026-01-02 first).
    [
      "cron day-of-month or day-of-week",
      "0 9 13 * 5",
      "UTC",
      "2026-01-01T00:00:00Z",
      "2026-01-02T09:00:00Z",
    ],
    [
      "cron day-of-month alone",
      "0 9 13 * *",
      "UTC",
      "2026-01-01T00:00:00Z",
      "2026-01-13T09:00:00Z",
    ],
    // 02:30 does not exist in Berlin on 2026-03-29: it happens just after the gap, at 03:30.
    [
      "a time a DST gap skips",
      "30 2 * * *",
      "Europe/Berlin",
      "2026-03-28T12:00:00Z",
      "2026-03-29T01:30:00Z",
    ],
    [
      "29 February, two years on",
      "0 0 29 2 *",
      "UTC",
      "2026-03-01T00:00:00Z",
      "2028-02-29T00:00:00Z",
    ],
  ])("%s", (_name, schedule, timeZone, after, expected) => {
    expect(nextOccurrence(schedule, utc(after), timeZone)?.at).toEqual(utc(expected));
  });

  it("names an occurrence by its local date", () => {
    const found = nextOccurrence({ weekly: "mon" }, utc("2026-01-04T22:30:00Z"), "Europe/Berlin");
    expect(found?.date).toBe("2026-01-05");
  });
});

describe("latestOccurrence", () => {
  it.each<[RecurringSchedule, string, string, string]>([
    [{ weekly: "mon" }, "UTC", "2026-01-07T12:00:00Z", "2026-01-05T00:00:00Z"],
    [{ weekly: "mon" }, "UTC", "2026-01-05T00:00:00Z", "2026-01-05T00:00:00Z"],
    ["0 6 1 * *", "UTC", "2026-03-01T05:59:00Z", "2026-02-01T06:00:00Z"],
    ["daily", "Asia/Tokyo", "2026-01-05T14:59:00Z", "2026-01-04T15:00:00Z"],
  ])("%j in %s at %s → %s", (schedule, timeZone, atOrBefore, expected) => {
    expect(latestOccurrence(schedule, utc(atOrBefore), timeZone)?.at).toEqual(utc(expected));
  });
});

describe("occurrence keys and markers", () => {
  it("names the series by id, else by the title's slug", () => {
    const date = { date: "2026-01-05" };
    expect(occurrenceKey({ title: "Update dependencies!" }, date)).toBe(
      "recurring:update-dependencies:2026-01-05",
    );
    expect(occurrenceKey({ title: "x", id: "deps" }, date)).toBe("recurring:deps:2026-01-05");
  });

  it("finds the keys back in a body", () => {
    const key = "recurring:deps:2026-01-05";
    expect(markedKeys(`text\n\n${occurrenceMarker(key)}`)).toEqual([key]);
    expect(markedKeys("<!-- nightshift:approve #3 -->")).toEqual([]);
  });
});

describe("occurrencesToOpen", () => {
  const deps = entry("Update dependencies", { weekly: "mon" }, { labels: ["priority: low"] });
  // Monday 2026-01-05, 18:00 UTC; the window opens at 23:00.
  const now = utc("2026-01-05T18:00:00Z");
  const opensAt = utc("2026-01-05T23:00:00Z");
  const issue = (title: string, body: string, state: SeriesIssue["state"]): SeriesIssue => ({
    title,
    body,
    state,
  });
  const marked = (date: string) => occurrenceMarker(`recurring:update-dependencies:${date}`);
  const open = (issues: SeriesIssue[], when = now, windowOpensAt = opensAt) =>
    occurrencesToOpen([deps], issues, when, windowOpensAt, "UTC").map((o) => o.key);

  it("opens a due occurrence as an issue with its date, labels and hidden marker", () => {
    expect(occurrencesToOpen([deps], [], now, opensAt, "UTC")).toEqual([
      {
        entry: deps,
        key: "recurring:update-dependencies:2026-01-05",
        occurrence: { at: utc("2026-01-05T00:00:00Z"), date: "2026-01-05" },
        title: "Update dependencies (2026-01-05)",
        body: `Do the thing.\n\n${marked("2026-01-05")}`,
        labels: ["priority: low"],
      },
    ]);
  });

  it.each<[string, SeriesIssue[], string[]]>([
    ["an older occurrence still open", [issue("x", marked("2025-12-29"), "open")], []],
    ["this occurrence already opened and closed", [issue("x", marked("2026-01-05"), "closed")], []],
    [
      "an older occurrence closed",
      [issue("x", marked("2025-12-29"), "closed")],
      ["recurring:update-dependencies:2026-01-05"],
    ],
    [
      "an open issue whose marker an edit removed",
      [issue("Update dependencies (2025-12-29)", "edited", "open")],
      [],
    ],
    [
      "another series whose title starts the same",
      [issue("Update dependencies (docs) (2025-12-29)", "", "open")],
      ["recurring:update-dependencies:2026-01-05"],
    ],
  ])("with %s", (_name, issues, expected) => {
    expect(open(issues)).toEqual(expected);
  });

  it("opens an occurrence that falls before the window ahead of time, and none after it", () => {
    const evening = entry("Evening check", "30 22 * * *");
    const sunday = utc("2026-01-04T20:00:00Z");
    const keys = (windowOpensAt: Date) =>
      occurrencesToOpen([evening], [], sunday, windowOpensAt, "UTC").map((o) => o.key);
    expect(keys(utc("2026-01-04T23:00:00Z"))).toEqual(["recurring:evening-check:2026-01-04"]);
    expect(keys(utc("2026-01-04T22:00:00Z"))).toEqual(["recurring:evening-check:2026-01-03"]);
  });

  it("opens one issue, the latest, after weeks of downtime", () => {
    expect(open([issue("x", marked("2025-12-01"), "closed")])).toEqual([
      "recurring:update-dependencies:2026-01-05",
    ]);
  });

  it("uses now when the window it is given has already opened", () => {
    // During the Sunday night window, Monday's occurrence is due at Monday 00:00, not before.
    const sundayNight = utc("2026-01-04T23:30:00Z");
    const closed = [issue("x", marked("2025-12-29"), "closed")];
    expect(open(closed, sundayNight, utc("2026-01-04T23:00:00Z"))).toEqual([]);
  });

  it.each<[string, number | undefined, string[]]>([
    ["12 days late, default grace", undefined, []],
    ["12 days late, 14 days of grace", 14, ["recurring:monthly-review:2026-01-01"]],
  ])("a monthly occurrence %s", (_name, graceDays, expected) => {
    const monthly = entry("Monthly review", { monthly: 1 });
    const keys = occurrencesToOpen([monthly], [], utc("2026-01-13T00:00:00Z"), opensAt, "UTC", {
      graceDays,
    }).map((o) => o.key);
    expect(keys).toEqual(expected);
  });

  it("opens one issue per series however often an entry is listed", () => {
    expect(occurrencesToOpen([deps, deps], [], now, opensAt, "UTC")).toHaveLength(1);
  });
});
