import type { Size } from "../types.js";
import type { Occurrence } from "./window.js";

/** The most hours a size may take (PRODUCT.md §2: S ≤1 h, M 1–2 h, L 4–6 h, XL 8–12 h). */
export const SIZE_HOURS: Record<Size, number> = { S: 1, M: 2, L: 6, XL: 12 };

/**
 * Why a task of this size may not start in this window at `now`, or null when it may: the
 * window does not accept the size, or less time is left than the size may take. A task with
 * no size label is taken as fitting.
 */
export function sizeRefusal(
  size: Size | undefined,
  occurrence: Pick<Occurrence, "window" | "closesAt">,
  now: Date,
): string | null {
  if (size === undefined) return null;
  const { window } = occurrence;
  if (!window.sizes.includes(size)) {
    return `too big for the window: the "${window.name}" window takes sizes ${window.sizes.join(", ")}, not ${size}`;
  }
  const hoursLeft = (occurrence.closesAt.getTime() - now.getTime()) / 3_600_000;
  if (SIZE_HOURS[size] > hoursLeft) {
    return `too big for the window: size ${size} may take ${SIZE_HOURS[size]} h, ${hoursLeft.toFixed(1)} h of the "${window.name}" window left`;
  }
  return null;
}
