import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markedKeys, occurrencesToOpen, type SeriesIssue } from "../../src/learn/recurrence.js";
import { RecurringEntrySchema, seriesOf } from "../../src/learn/recurrence-schema.js";

const entries = [
  RecurringEntrySchema.parse({ title: "Daily triage", schedule: "daily" }),
  RecurringEntrySchema.parse({ title: "Weekly deps", schedule: { weekly: "mon" } }),
  RecurringEntrySchema.parse({ title: "Monthly review", schedule: { monthly: 31 } }),
  RecurringEntrySchema.parse({ title: "Workday lint", schedule: "weekdays" }),
  RecurringEntrySchema.parse({ title: "Evening check", schedule: "30 22 * * 1,3,5" }),
];

/** One call of the scheduler: time moves on, a maintainer closes some issues, the bot opens. */
const step = fc.record({
  advanceHours: fc.integer({ min: 0, max: 80 }),
  windowInHours: fc.integer({ min: -6, max: 30 }),
  close: fc.array(fc.nat(), { maxLength: 3 }),
});

const seriesOfIssue = (issue: SeriesIssue): string =>
  (markedKeys(issue.body)[0] ?? "").split(":")[1] ?? "";

describe("occurrencesToOpen over any history of calls", () => {
  it("never leaves two issues of one entry open, nor opens one occurrence twice", () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.subarray(entries, { minLength: 1 }),
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"),
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-01-01"), noInvalidDate: true }),
        (steps, configured, timeZone, start) => {
          const issues: SeriesIssue[] = [];
          const opened = new Set<string>();
          let now = start.getTime();
          for (const { advanceHours, windowInHours, close } of steps) {
            now += advanceHours * 3_600_000;
            const open = issues.filter((issue) => issue.state === "open");
            for (const pick of close) {
              const target = open[pick % Math.max(1, open.length)];
              if (target) target.state = "closed";
            }
            const windowOpensAt = new Date(now + windowInHours * 3_600_000);
            for (const next of occurrencesToOpen(
              configured,
              issues,
              new Date(now),
              windowOpensAt,
              timeZone,
            )) {
              expect(opened.has(next.key)).toBe(false);
              opened.add(next.key);
              issues.push({ title: next.title, body: next.body, state: "open" });
            }
            const openSeries = issues.filter((i) => i.state === "open").map(seriesOfIssue);
            expect(new Set(openSeries).size).toBe(openSeries.length);
          }
          for (const entry of configured) expect(seriesOf(entry)).not.toBe("");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("asked twice with what it opened, opens nothing more", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 24 }),
        (now, hoursToWindow) => {
          const opensAt = new Date(now.getTime() + hoursToWindow * 3_600_000);
          const first = occurrencesToOpen(entries, [], now, opensAt, "Europe/Berlin");
          const issues = first.map((o) => ({
            title: o.title,
            body: o.body,
            state: "open" as const,
          }));
          expect(occurrencesToOpen(entries, issues, now, opensAt, "Europe/Berlin")).toEqual([]);
        },
      ),
    );
  });
});
