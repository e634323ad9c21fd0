import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  adoptedYaml,
  describeSchedule,
  offeredRepeats,
  withAdopted,
  type AdoptedRepeat,
} from "../../src/learn/adopted-repeat.js";
import { RecurringListSchema, type RecurringSchedule } from "../../src/learn/recurrence-schema.js";
import type { RepeatSuggestion } from "../../src/learn/repeats.js";

const suggestion = (title: string, extra: Partial<RepeatSuggestion> = {}): RepeatSuggestion => ({
  pattern: title.toLowerCase(),
  title,
  cadence: "weekly",
  occurrences: 5,
  confidence: "high",
  schedule: { weekly: "mon" },
  labels: ["priority: low", "nightshift: pr-open"],
  lastClosedAt: new Date("2026-11-23T09:00:00Z"),
  ...extra,
});

const adopted = (title: string, series: string, schedule: RecurringSchedule): AdoptedRepeat => ({
  series,
  title,
  schedule,
  labels: ["priority: low"],
  adoptedBy: "maya",
  adoptedAt: "2026-11-30T08:00:00.000Z",
});

describe("the repeats a dashboard offers", () => {
  const options = { limit: 2, stateLabels: ["nightshift: pr-open"] };

  it.each([
    ["a weekly repeat, the bot's labels left off", [suggestion("Weekly notes")], ["weekly-notes"]],
    [
      "none without a schedule to adopt (every 10 days)",
      [suggestion("Audit", { cadence: { days: 10 }, schedule: null })],
      [],
    ],
    ["none whose title names no series", [suggestion("—")], []],
    [
      "one per series, at most the limit, in the given order",
      [
        suggestion("Weekly notes"),
        suggestion("Weekly Notes!"),
        suggestion("Deps", { schedule: "daily" }),
        suggestion("Triage"),
      ],
      ["weekly-notes", "deps"],
    ],
  ])("%s", (_name, suggestions, series) => {
    const offers = offeredRepeats(suggestions, options);
    expect(offers.map((offer) => offer.series)).toEqual(series);
    for (const offer of offers) expect(offer.labels).toEqual(["priority: low"]);
  });

  it("keeps the evidence the dashboard shows", () => {
    expect(offeredRepeats([suggestion("Weekly notes")], options)).toEqual([
      {
        series: "weekly-notes",
        title: "Weekly notes",
        schedule: { weekly: "mon" },
        labels: ["priority: low"],
        occurrences: 5,
        confidence: "high",
      },
    ]);
  });
});

describe("adopted repeats as recurring entries", () => {
  const notes = adopted("Weekly notes", "weekly-notes", { weekly: "fri" });
  const declared = RecurringListSchema.parse([
    { title: "Weekly notes", schedule: { weekly: "mon" }, body: "Write them." },
  ]);

  it("are opened after the config's, which wins for the same series", () => {
    const deps = adopted("Update deps", "update-deps", "daily");
    expect(withAdopted(declared, [notes, deps])).toEqual([
      ...declared,
      { title: "Update deps", body: "", labels: ["priority: low"], schedule: "daily" },
    ]);
  });

  it("paste into the config as YAML it accepts, series unchanged", () => {
    const odd = adopted("Release: notes `v`", "release-notes", { monthly: 31 });
    const text = adoptedYaml([notes, odd]);
    const parsed = RecurringListSchema.parse((parse(text) as { recurring: unknown }).recurring);
    expect(parsed).toEqual([
      { title: "Weekly notes", body: "", labels: ["priority: low"], schedule: { weekly: "fri" } },
      {
        title: "Release: notes `v`",
        body: "",
        labels: ["priority: low"],
        schedule: { monthly: 31 },
        id: "release-notes",
      },
    ]);
  });
});

describe("a schedule in words", () => {
  it.each<[RecurringSchedule, string]>([
    ["daily", "daily"],
    ["weekdays", "on weekdays"],
    [{ weekly: "mon" }, "weekly on Monday"],
    [{ weekly: "sun" }, "weekly on Sunday"],
    [{ monthly: 15 }, "monthly on day 15"],
    ["0 6 * * 1", "on cron `0 6 * * 1`"],
  ])("%j is %s", (schedule, words) => {
    expect(describeSchedule(schedule)).toBe(words);
  });
});
