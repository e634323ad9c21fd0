import { slotAt, type Slot } from "./slots.js";
import { weekendDue, type WeekendTimes, type WeekendWork } from "./weekend-due.js";
import { occurrencesAround, type Occurrence, type WindowSpec } from "./window.js";

/** Work the scheduler can owe a window occurrence. Each item's `key` is claimed once. */
export type ScheduledWork =
  | { kind: "preview"; key: string; occurrence: Occurrence }
  | { kind: "cycle"; key: string; occurrence: Occurrence; slot: Slot }
  | { kind: "report"; key: string; occurrence: Occurrence }
  | WeekendWork;

export interface DueOptions {
  /** When a slot's cycle fires (its start plus jitter). */
  fireTimeOf(occurrence: Occurrence, slot: Slot): Date;
  /** A report still owed this long after its window closed is sent late rather than never. */
  reportGraceMs: number;
  /**
   * When Nightshift first started on its data directory: a window that had closed by then
   * owes nothing (no late report of a night a fresh install never saw).
   */
  firstStart?: Date;
  /** The host's weekend: its list of candidates and its summary (schedule/weekend-due.ts). */
  weekend?: WeekendTimes;
}

/**
 * What is due at `now`, in the order it should run: the previews of windows about to open, the
 * current cycle of open windows, the reports of windows that closed. Pure: claiming and running
 * are the scheduler's job, so a clock that jumps back only finds keys already claimed.
 */
export function dueWork(
  windows: readonly WindowSpec[],
  now: Date,
  options: DueOptions,
): ScheduledWork[] {
  const due: ScheduledWork[] = [];
  for (const window of windows) {
    for (const occurrence of occurrencesAround(window, now, 2, 1)) {
      if (options.firstStart && occurrence.closesAt <= options.firstStart) continue;
      const previewAt = occurrence.opensAt.getTime() - window.previewMinutesBefore * 60_000;
      if (previewAt <= now.getTime() && now < occurrence.opensAt) {
        due.push({ kind: "preview", key: `${occurrence.key}#preview`, occurrence });
      }
      const slot = slotAt(occurrence, now);
      if (slot && options.fireTimeOf(occurrence, slot) <= now) {
        due.push({ kind: "cycle", key: slot.key, occurrence, slot });
      }
      const closedFor = now.getTime() - occurrence.closesAt.getTime();
      if (closedFor >= 0 && closedFor < options.reportGraceMs) {
        due.push({ kind: "report", key: `${occurrence.key}#report`, occurrence });
      }
    }
  }
  // The weekend list goes out before the window's cycles read the ticks it collects.
  due.push(...weekendDue(windows, options.weekend, now, options.reportGraceMs));
  const rank = { weekend: -1, preview: 0, cycle: 1, report: 2 } as const;
  return due.sort((a, b) => rank[a.kind] - rank[b.kind]);
}
