/**
 * Named points in a session where the crash-recovery test kills the process. Production passes
 * no hook; the test's child process passes one that sends itself SIGKILL at the named point.
 * These the crash suite's night passes, in order.
 */
export const NIGHT_CRASH_POINTS = [
  "before-preview",
  "after-plan",
  "after-run-journaled",
  "before-agent",
  "after-spend",
  "agent-started",
  "before-pull",
  "after-pull",
  "after-outcome",
  "after-collect",
  "after-run-done",
  "before-report",
  "between-reports",
  "after-report",
] as const;

/** Every point: the night's, and a review follow-up's commit made but not yet pushed. */
export const CRASH_POINTS = [...NIGHT_CRASH_POINTS, "before-follow-up-push"] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];
export type CrashHook = (point: CrashPoint) => void;

export const noCrash: CrashHook = () => undefined;

/** The hook for `NIGHTSHIFT_CRASH_AT=<point>[:<n>]`: SIGKILL at the n-th time (default 1st). */
export function crashHookFromEnv(value: string | undefined, kill: () => void): CrashHook {
  if (!value) return noCrash;
  const [point, nth] = value.split(":");
  if (!CRASH_POINTS.includes(point as CrashPoint)) {
    throw new Error(`NIGHTSHIFT_CRASH_AT: unknown crash point "${point ?? ""}"`);
  }
  let left = nth === undefined ? 1 : Number(nth);
  return (at) => {
    if (at !== point) return;
    left -= 1;
    if (left === 0) kill();
  };
}
