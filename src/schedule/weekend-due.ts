import { parseHhMm, WEEKDAYS, type Weekday, type WindowSpec } from "./window.js";
import { addDays, isoDate, localParts, weekdayOf, zonedInstant } from "./zoned.js";

/** The host's weekend as the config says it (`weekend` in the host config). */
export interface WeekendTimes {
  /** The weekend window's name. */
  window: string;
  planDay: Weekday;
  /** Local `HH:MM` in the weekend window's timezone. */
  planAt: string;
  summaryDay: Weekday;
  summaryAt: string;
}

/** The weekend's list of candidates (`plan`) or its summary, due once a week. */
export interface WeekendWork {
  kind: "weekend";
  phase: "plan" | "summary";
  /** `<weekend window>@<local date>#weekend-<phase>`: claimed once in the journal. */
  key: string;
  window: WindowSpec;
  /** When it fell due. */
  at: Date;
}

/**
 * The weekend list or summary due at `now`: each is due from its local day and time (in the
 * weekend window's timezone) for `graceMs`, so a bot that was down a few hours still posts it.
 * Nothing when the weekend names no known window.
 */
export function weekendDue(
  windows: readonly WindowSpec[],
  weekend: WeekendTimes | undefined,
  now: Date,
  graceMs: number,
): WeekendWork[] {
  const window = windows.find((w) => w.name === weekend?.window);
  if (!weekend || !window) return [];
  const today = localParts(now, window.timezone);
  const due: WeekendWork[] = [];
  const phases = [
    { phase: "plan", day: weekend.planDay, at: weekend.planAt },
    { phase: "summary", day: weekend.summaryDay, at: weekend.summaryAt },
  ] as const;
  for (const offset of [-2, -1, 0]) {
    const date = addDays(today, offset);
    for (const { phase, day, at } of phases) {
      if (WEEKDAYS[weekdayOf(date)] !== day) continue;
      const instant = zonedInstant(date, parseHhMm(at), window.timezone);
      const late = now.getTime() - instant.getTime();
      if (late < 0 || late >= graceMs) continue;
      const key = `${window.name}@${isoDate(date)}#weekend-${phase}`;
      due.push({ kind: "weekend", phase, key, window, at: instant });
    }
  }
  return due;
}
