/** Wall-clock arithmetic in IANA timezones with nothing but `Intl`. */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalParts extends LocalDate {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let found = formatters.get(timezone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, found);
  }
  return found;
}

/** Throws a clear error for a timezone `Intl` does not know. */
export function assertTimezone(timezone: string): void {
  try {
    formatter(timezone);
  } catch {
    throw new Error(`unknown IANA timezone "${timezone}"`);
  }
}

function wallClockMs(instantMs: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts["year"] ?? 1970,
    (parts["month"] ?? 1) - 1,
    parts["day"] ?? 1,
    parts["hour"] ?? 0,
    parts["minute"] ?? 0,
    parts["second"] ?? 0,
  );
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
const offsetAt = (instantMs: number, timezone: string): number =>
  wallClockMs(instantMs, timezone) - Math.floor(instantMs / 1000) * 1000;

export function localParts(instant: Date, timezone: string): LocalParts {
  const wall = new Date(wallClockMs(instant.getTime(), timezone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The instant a local date and time happens in a timezone. A time that a DST change skips
 * (02:30 on a spring-forward night) maps to the same distance after the gap (03:30); a time
 * that happens twice (01:30 on a fall-back night) maps to its first occurrence.
 */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timezone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const candidates = [
    wall - offsetAt(wall - 86_400_000, timezone),
    wall - offsetAt(wall, timezone),
    wall - offsetAt(wall + 86_400_000, timezone),
  ].sort((a, b) => a - b);
  const exact = candidates.find((ms) => wallClockMs(ms, timezone) === wall);
  if (exact !== undefined) return new Date(exact);
  // In a gap: use the offset from before the change, which lands after the gap.
  return new Date(wall - offsetAt(wall - 86_400_000, timezone));
}

/** The local date `days` after `date` (calendar arithmetic, no timezone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const weekdayOf = (date: LocalDate): number =>
  new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

export const isoDate = (date: LocalDate): string =>
  `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
