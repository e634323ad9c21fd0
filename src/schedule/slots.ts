import type { Occurrence } from "./window.js";

/** One cycle slot of a window occurrence. */
export interface Slot {
  /** `<occurrence key>#<index>`: the journal's claim key. */
  key: string;
  index: number;
  startsAt: Date;
}

/**
 * The slot `instant` falls in. Slots are counted in elapsed time from the opening, so a night
 * one hour shorter or longer because of DST simply has two slots fewer or more.
 */
export function slotAt(occurrence: Occurrence, instant: Date): Slot | null {
  if (instant < occurrence.opensAt || instant >= occurrence.closesAt) return null;
  const everyMs = occurrence.window.everyMinutes * 60_000;
  const index = Math.floor((instant.getTime() - occurrence.opensAt.getTime()) / everyMs);
  return {
    key: `${occurrence.key}#${index}`,
    index,
    startsAt: new Date(occurrence.opensAt.getTime() + index * everyMs),
  };
}

/**
 * When a slot's cycle fires: its start plus random jitter, kept inside the slot and the window
 * so jitter can never push a cycle into the next slot or past the end of the night.
 */
export function fireTime(occurrence: Occurrence, slot: Slot, random: () => number): Date {
  const { everyMinutes, jitterMinutes } = occurrence.window;
  const slotEnd = Math.min(
    slot.startsAt.getTime() + everyMinutes * 60_000,
    occurrence.closesAt.getTime(),
  );
  const room = Math.max(0, slotEnd - slot.startsAt.getTime() - 1);
  const jitter = Math.floor(random() * Math.min(jitterMinutes * 60_000, room));
  return new Date(slot.startsAt.getTime() + jitter);
}
