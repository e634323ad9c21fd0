import { WEEKDAYS } from "../schedule/window.js";
import { weekdayOf, type LocalDate } from "../schedule/zoned.js";
import { cronRule } from "./cron-rule.js";
import type { RecurringSchedule } from "./recurrence-schema.js";

/** A schedule reduced to what recurrence needs: which local dates, and when on them. */
export interface DailyRule {
  /** Local time of the occurrence, in minutes after midnight. */
  minuteOfDay: number;
  matches(date: LocalDate): boolean;
}

const daysInMonth = (date: LocalDate): number =>
  new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();

/**
 * The rule of a schedule. Named schedules occur at local midnight; `monthly: 31` falls on the
 * last day of shorter months (a maintainer who wrote 31 meant "the end of the month").
 */
export function dailyRule(schedule: RecurringSchedule): DailyRule {
  if (schedule === "daily") return { minuteOfDay: 0, matches: () => true };
  if (schedule === "weekdays") {
    return { minuteOfDay: 0, matches: (date) => ![0, 6].includes(weekdayOf(date)) };
  }
  if (typeof schedule === "string") return cronRule(schedule);
  if ("weekly" in schedule) {
    const weekday = WEEKDAYS.indexOf(schedule.weekly);
    return { minuteOfDay: 0, matches: (date) => weekdayOf(date) === weekday };
  }
  const { monthly } = schedule;
  return {
    minuteOfDay: 0,
    matches: (date) => date.day === Math.min(monthly, daysInMonth(date)),
  };
}
