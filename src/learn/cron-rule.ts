import { parse, validateDetailed } from "node-cron";
import { weekdayOf, type LocalDate } from "../schedule/zoned.js";
import type { DailyRule } from "./daily-rule.js";

const FIELDS = "minute hour day-of-month month day-of-week";

/**
 * Why a cron expression cannot schedule a recurring task, or null when it can. node-cron does
 * the parsing; on top, a recurring task opens at most one issue a day (its key is the date), so
 * the minute and the hour are single values, and node-cron's `L`, `W` and `#` are left out.
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `"${expression}" is not a 5-field cron expression (${FIELDS})`;
  }
  const { valid, errors } = validateDetailed(expression);
  if (!valid) return `"${expression}": ${errors.map((e) => e.message).join("; ")}`;
  const parsed = parse(expression);
  if (parsed.minute.length !== 1 || parsed.hour.length !== 1) {
    return `"${expression}" fires more than once a day; a recurring task opens at most one issue a day, so give one minute and one hour (e.g. "0 6 * * 1")`;
  }
  const special = [...parsed.dayOfMonth, ...parsed.dayOfWeek].some((v) => typeof v !== "number");
  if (special) return `"${expression}": L, W and # are not supported here`;
  return null;
}

const numbers = (values: readonly (number | string)[]): Set<number> =>
  new Set(values.filter((v): v is number => typeof v === "number"));

// Vixie cron: a day field starting with `*` (or `?`) leaves the other day field in charge.
const isStar = (field: string | undefined): boolean => field === undefined || /^[*?]/.test(field);

/**
 * The rule of a 5-field cron expression, in standard cron semantics: when both day-of-month and
 * day-of-week are restricted, a day matching either counts. Throws on an expression
 * `cronProblem` refuses.
 */
export function cronRule(expression: string): DailyRule {
  const problem = cronProblem(expression);
  if (problem !== null) throw new Error(problem);
  const parsed = parse(expression);
  const fields = expression.trim().split(/\s+/);
  const months = numbers(parsed.month);
  const days = numbers(parsed.dayOfMonth);
  const weekdays = numbers(parsed.dayOfWeek);
  const either = !isStar(fields[2]) && !isStar(fields[4]);
  return {
    minuteOfDay: (parsed.hour[0] ?? 0) * 60 + (parsed.minute[0] ?? 0),
    matches(date: LocalDate): boolean {
      if (!months.has(date.month)) return false;
      const day = days.has(date.day);
      const weekday = weekdays.has(weekdayOf(date));
      return either ? day || weekday : day && weekday;
    },
  };
}
