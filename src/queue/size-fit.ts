import type { SkipReason } from "./skip-reason.js";
import type { Size } from "../types.js";
import type { Occurrence } from "../schedule/window.js";

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
): SkipReason | null {
  if (size === undefined) return null;
  const { window } = occurrence;
  if (!window.sizes.includes(size)) {
    return { kind: "window-sizes", window: window.name, size, sizes: [...window.sizes] };
  }
  const hoursLeft = (occurrence.closesAt.getTime() - now.getTime()) / 3_600_000;
  if (SIZE_HOURS[size] > hoursLeft) {
    return { kind: "window-time", window: window.name, size, hours: SIZE_HOURS[size], hoursLeft };
  }
  return null;
}
