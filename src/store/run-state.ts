import { z } from "zod";

/**
 * A run's life in the journal. Each step is written before the next side effect, so after a
 * crash the last state says what may already have happened on GitHub:
 * planned → running → pushed → pr-opened → done; any state but a final one → failed, or →
 * interrupted (recovery settled it after its host stopped, and found no pull request).
 */
export const RunStateSchema = z.enum([
  "planned",
  "running",
  "pushed",
  "pr-opened",
  "done",
  "failed",
  "interrupted",
]);
export type RunState = z.infer<typeof RunStateSchema>;

const ORDER: readonly RunState[] = ["planned", "running", "pushed", "pr-opened", "done"];

export const isFinal = (state: RunState): boolean =>
  state === "done" || state === "failed" || state === "interrupted";

/** True when a run may move from `from` to `to` (forward only; failed from any open state). */
export function canAdvance(from: RunState, to: RunState): boolean {
  if (isFinal(from)) return false;
  if (to === "failed" || to === "interrupted") return true;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
