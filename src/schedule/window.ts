import type { Size } from "../types.js";
import { addDays, isoDate, localParts, weekdayOf, zonedInstant, type LocalDate } from "./zoned.js";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A schedule window as the host config describes it (see docs/configuration.md). */
export interface WindowSpec {
  name: string;
  timezone: string;
  /** Days on which the window opens (a 23:00–07:00 window opening on Friday ends Saturday). */
  days: readonly Weekday[];
  /** Local `HH:MM`; when `end` is not after `start` the window crosses midnight. */
  start: string;
  end: string;
  everyMinutes: number;
  /** Each cycle fires up to this many minutes after its slot starts, at random. */
  jitterMinutes: number;
  /** Task sizes this window accepts. */
  sizes: readonly Size[];
  /** The evening preview goes out this many minutes before the window opens. */
  previewMinutesBefore: number;
}

/** One occurrence of a window: the night of a given local date. */
export interface Occurrence {
  window: WindowSpec;
  /** `<name>@<local opening date>`: stable across restarts and DST. */
  key: string;
  opensAt: Date;
  closesAt: Date;
}

export const parseHhMm = (text: string): number => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** The occurrence of `window` that opens on a local date, or null on a day it does not open. */
export function occurrenceOn(window: WindowSpec, date: LocalDate): Occurrence | null {
  const weekday = WEEKDAYS[weekdayOf(date)];
  if (weekday === undefined || !window.days.includes(weekday)) return null;
  const start = parseHhMm(window.start);
  const end = parseHhMm(window.end);
  const endDate = end <= start ? addDays(date, 1) : date;
  return {
    window,
    key: `${window.name}@${isoDate(date)}`,
    opensAt: zonedInstant(date, start, window.timezone),
    closesAt: zonedInstant(endDate, end, window.timezone),
  };
}

/** The occurrence open at `instant`, or null when the window is closed. */
export function occurrenceAt(window: WindowSpec, instant: Date): Occurrence | null {
  const today = localParts(instant, window.timezone);
  for (const date of [addDays(today, -1), today]) {
    const occurrence = occurrenceOn(window, date);
    if (occurrence && occurrence.opensAt <= instant && instant < occurrence.closesAt) {
      return occurrence;
    }
  }
  return null;
}

/** Occurrences that open within (from − lookbackDays, from + aheadDays], in order. */
export function occurrencesAround(
  window: WindowSpec,
  instant: Date,
  lookbackDays: number,
  aheadDays: number,
): Occurrence[] {
  const today = localParts(instant, window.timezone);
  const found: Occurrence[] = [];
  for (let offset = -lookbackDays; offset <= aheadDays; offset++) {
    const occurrence = occurrenceOn(window, addDays(today, offset));
    if (occurrence) found.push(occurrence);
  }
  return found;
}

/** The next occurrence that opens after `instant`. */
export function nextOccurrence(window: WindowSpec, instant: Date): Occurrence | null {
  return occurrencesAround(window, instant, 0, 8).find((o) => o.opensAt > instant) ?? null;
}
