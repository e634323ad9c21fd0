import { describe, expect, it } from "vitest";
import {
  RecurringListSchema,
  RecurringScheduleSchema,
  seriesOf,
} from "../../src/learn/recurrence-schema.js";

const problems = (value: unknown): string[] => {
  const result = RecurringScheduleSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("the recurring schedule schema", () => {
  it.each([
    "daily",
    "weekdays",
    { weekly: "mon" },
    { monthly: 1 },
    { monthly: 31 },
    "0 6 * * 1",
    "30 5 1,15 * *",
    "0 9 * jan,jul mon-fri",
    "0 0 * * 7",
  ])("accepts %j", (schedule) => {
    expect(problems(schedule)).toEqual([]);
  });

  it.each([
    ["every day", /not a 5-field cron expression/],
    ["0 0 0 * * *", /not a 5-field cron expression/],
    ["*/5 * * * *", /more than once a day/],
    ["0 6,18 * * *", /more than once a day/],
    ["0 0 L * *", /L, W and # are not supported/],
    ["0 9 * * 5#3", /L, W and # are not supported/],
    ["60 0 * * *", /invalid expression for minute/],
    ["0 0 31 2 *", /impossible day of month/],
    [{ weekly: "funday" }, /a schedule: "daily", "weekdays"/],
    [{ monthly: 0 }, /too small|>=1/i],
    [{ hourly: true }, /a schedule/],
    [7, /a schedule/],
  ])("refuses %j", (schedule, message) => {
    expect(problems(schedule).join("\n")).toMatch(message);
  });
});

describe("the recurring list", () => {
  const entry = (title: string, id?: string) => ({ title, schedule: "daily", id });

  it("fills defaults and names each series by its id or its title's slug", () => {
    const [first, second] = RecurringListSchema.parse([
      entry("Update dependencies"),
      entry("Tidy the changelog", "changelog"),
    ]);
    expect(first).toMatchObject({ body: "", labels: [] });
    expect(first && seriesOf(first)).toBe("update-dependencies");
    expect(second && seriesOf(second)).toBe("changelog");
  });

  it("refuses two entries of one series, and a title that names none", () => {
    const result = RecurringListSchema.safeParse([
      entry("Update dependencies"),
      entry("update: DEPENDENCIES!"),
      entry("日本語"),
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["1.id", 'entries 0 and 1 are both the series "update-dependencies": give one an id'],
      ["2.id", "the title has no letters or digits to name the series: give an id"],
    ]);
  });
});
