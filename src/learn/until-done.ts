/** A finished run of an until-done target's issue. */
export interface UntilDoneRun {
  issue: number;
  endedAt: Date;
  succeeded: boolean;
  /** What it spent, in the quota's unit (prompts, or dollars under the `usd` provider). */
  cost: number;
}

/** What the loop knows about its target (a milestone or a label) at `now`. */
export interface UntilDoneHistory {
  now: Date;
  runs: readonly UntilDoneRun[];
  /** The target's issues as they are now. */
  issues: readonly { number: number; state: "open" | "closed" }[];
  /** Whether the target's completion criteria hold, when it has any. */
  criteriaMet?: boolean;
  /** When a maintainer last resumed a paused loop: failures before it are forgiven. */
  resumedAt?: Date;
  /** The last status comment: when it was posted and what it said. */
  lastStatus?: { at: Date; kind: UntilDoneDecision["kind"] };
}

export interface UntilDoneConfig {
  /** Failed runs in a row that pause the loop until a maintainer resumes it. */
  pauseAfterFailures?: number;
  /** Most the loop may spend in any 24 hours, in the quota's unit; unset: no cap. */
  dailyCap?: number;
  /** Hours between status comments while the loop works. */
  statusEveryHours?: number;
}

export type UntilDoneDecision =
  | { kind: "done"; why: "all-closed" | "criteria-met" }
  | { kind: "paused"; failures: number; lastFailureAt: Date }
  | { kind: "daily-cap-reached"; spent: number; cap: number; resumesAt: Date }
  | { kind: "continue"; open: number[] };

export interface UntilDoneState {
  decision: UntilDoneDecision;
  /** Post a status comment now. */
  statusDue: boolean;
  /** When the next periodic status falls due; null when the loop is not working. */
  nextStatusAt: Date | null;
}

export const UNTIL_DONE_DEFAULTS = { pauseAfterFailures: 3, statusEveryHours: 2 } as const;

const DAY_MS = 86_400_000;

/** Failed runs since the last success (and since the last resume), newest last. */
function failureStreak(history: UntilDoneHistory): UntilDoneRun[] {
  const since = history.resumedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const runs = history.runs
    .filter((run) => run.endedAt.getTime() > since)
    .sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
  const lastSuccess = runs.map((run) => run.succeeded).lastIndexOf(true);
  return runs.slice(lastSuccess + 1);
}

/** The runs of the last 24 hours, oldest first. */
function lastDay(history: UntilDoneHistory): UntilDoneRun[] {
  const from = history.now.getTime() - DAY_MS;
  return history.runs
    .filter((run) => run.endedAt.getTime() > from && run.endedAt <= history.now)
    .sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
}

const spentOf = (runs: readonly UntilDoneRun[]): number =>
  runs.reduce((sum, run) => sum + run.cost, 0);

/** The spend of the last 24 hours against the cap, and when it falls back below it. */
function capReached(history: UntilDoneHistory, cap: number): UntilDoneDecision | null {
  const recent = lastDay(history);
  const spent = spentOf(recent);
  if (spent < cap) return null;
  let left = spent;
  for (const run of recent) {
    left -= run.cost;
    if (left < cap) {
      return {
        kind: "daily-cap-reached",
        spent,
        cap,
        resumesAt: new Date(run.endedAt.getTime() + DAY_MS),
      };
    }
  }
  // Only a cap of 0 gets here: nothing may ever be spent.
  return {
    kind: "daily-cap-reached",
    spent,
    cap,
    resumesAt: new Date(history.now.getTime() + DAY_MS),
  };
}

function decide(history: UntilDoneHistory, config: UntilDoneConfig): UntilDoneDecision {
  if (history.criteriaMet === true) return { kind: "done", why: "criteria-met" };
  const open = history.issues.filter((i) => i.state === "open").map((i) => i.number);
  if (open.length === 0) return { kind: "done", why: "all-closed" };
  const streak = failureStreak(history);
  const last = streak[streak.length - 1];
  const limit = config.pauseAfterFailures ?? UNTIL_DONE_DEFAULTS.pauseAfterFailures;
  if (last && streak.length >= limit) {
    return { kind: "paused", failures: streak.length, lastFailureAt: last.endedAt };
  }
  const capped = config.dailyCap === undefined ? null : capReached(history, config.dailyCap);
  return capped ?? { kind: "continue", open: open.sort((a, b) => a - b) };
}

/**
 * Whether an until-done target goes on: done once its criteria hold or all its issues are
 * closed; paused after `pauseAfterFailures` failed runs in a row; held while the last 24 hours
 * spent the daily cap; else continue with its open issues. A status comment is due when the
 * decision changed since the last one, and every `statusEveryHours` while the loop works.
 */
export function untilDoneState(
  history: UntilDoneHistory,
  config: UntilDoneConfig = {},
): UntilDoneState {
  const decision = decide(history, config);
  const { lastStatus, now } = history;
  const everyMs = (config.statusEveryHours ?? UNTIL_DONE_DEFAULTS.statusEveryHours) * 3_600_000;
  if (!lastStatus || lastStatus.kind !== decision.kind) {
    return {
      decision,
      statusDue: true,
      nextStatusAt: decision.kind === "continue" ? new Date(now.getTime() + everyMs) : null,
    };
  }
  if (decision.kind !== "continue") return { decision, statusDue: false, nextStatusAt: null };
  const nextStatusAt = new Date(lastStatus.at.getTime() + everyMs);
  return nextStatusAt <= now
    ? { decision, statusDue: true, nextStatusAt: new Date(now.getTime() + everyMs) }
    : { decision, statusDue: false, nextStatusAt };
}

/** What one cycle may start of a target that continues. */
export interface CycleAllowance {
  /** Runs that may start before the failures that pause the loop could all happen. */
  runs: number;
  /** What may still be spent under the daily cap; null without a cap. */
  spend: number | null;
}

/**
 * A cycle's picks of a target are decided before any of them ran, so they are kept within
 * what the stop conditions leave: no more runs than failures still allowed before a pause,
 * no more starts once the cap is spent (a run may take the spend past it, as one run does).
 */
export function cycleAllowance(
  history: UntilDoneHistory,
  config: UntilDoneConfig = {},
): CycleAllowance {
  const limit = config.pauseAfterFailures ?? UNTIL_DONE_DEFAULTS.pauseAfterFailures;
  return {
    runs: Math.max(0, limit - failureStreak(history).length),
    spend:
      config.dailyCap === undefined
        ? null
        : Math.max(0, config.dailyCap - spentOf(lastDay(history))),
  };
}
