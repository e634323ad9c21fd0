/**
 * A run's life in the journal. Each step is written before the next side effect, so after a
 * crash the last state says what may already have happened on GitHub:
 * planned → running → pushed → pr-opened → done, and any state but done → failed.
 */
export type RunState = "planned" | "running" | "pushed" | "pr-opened" | "done" | "failed";

const ORDER: readonly RunState[] = ["planned", "running", "pushed", "pr-opened", "done"];

export const isFinal = (state: RunState): boolean => state === "done" || state === "failed";

/** True when a run may move from `from` to `to` (forward only; failed from any open state). */
export function canAdvance(from: RunState, to: RunState): boolean {
  if (isFinal(from)) return false;
  if (to === "failed") return true;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
