import { WEEKDAYS, type Weekday } from "../schedule/window.js";
import { localParts } from "../schedule/zoned.js";
import { median } from "./median.js";
import type { RecurringSchedule } from "./recurrence-schema.js";
import { displayTitle, titlePattern } from "./title-pattern.js";

/** A closed issue as the repeat detector reads it. */
export interface ClosedIssue {
  title: string;
  closedAt: Date;
  labels: readonly string[];
}

export type Cadence = "weekly" | "monthly" | { days: number };
export type Confidence = "low" | "medium" | "high";

/** A repeat worth declaring as a recurring task, for the report's tick box. */
export interface RepeatSuggestion {
  /** The grouping key: adopting or dismissing a suggestion refers to it. */
  pattern: string;
  title: string;
  cadence: Cadence;
  occurrences: number;
  confidence: Confidence;
  /** The `recurring:` schedule to adopt, or null when none says this cadence (every 10 days). */
  schedule: RecurringSchedule | null;
  /** Labels every occurrence carried. */
  labels: string[];
  lastClosedAt: Date;
}

export interface RepeatOptions {
  now: Date;
  /** The host's timezone: which weekday or day of the month the repeats fall on. */
  timeZone: string;
  /** Titles of the `recurring:` entries already declared: not suggested again. */
  declared?: readonly string[];
}

const DAY_MS = 86_400_000;
/** Gaps within ±25 % of the median gap are a cadence; anything else is coincidence. */
const TOLERANCE = 0.25;

const confidenceOf = (occurrences: number): Confidence =>
  occurrences >= 5 ? "high" : occurrences === 4 ? "medium" : "low";

function cadenceOf(medianDays: number): Cadence {
  if (medianDays >= 6 && medianDays <= 8) return "weekly";
  if (medianDays >= 27 && medianDays <= 32) return "monthly";
  return { days: Math.round(medianDays) };
}

/** The most frequent value; on a tie, the one seen last. */
function mostFrequent<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (best === undefined || count >= (counts.get(best) ?? 0)) best = value;
  }
  return best;
}

function scheduleOf(
  cadence: Cadence,
  closed: readonly Date[],
  timeZone: string,
): RecurringSchedule | null {
  const local = closed.map((at) => localParts(at, timeZone));
  if (cadence === "weekly") {
    const weekday: Weekday = WEEKDAYS[mostFrequent(local.map((p) => p.weekday)) ?? 1] ?? "mon";
    return { weekly: weekday };
  }
  if (cadence === "monthly") {
    return { monthly: Math.round(median(local.map((p) => p.day)) ?? 1) };
  }
  return cadence.days === 1 ? "daily" : null;
}

const commonLabels = (issues: readonly ClosedIssue[]): string[] =>
  (issues[0]?.labels ?? []).filter((label) => issues.every((i) => i.labels.includes(label)));

function suggestionFor(
  pattern: string,
  issues: readonly ClosedIssue[],
  options: RepeatOptions,
): RepeatSuggestion | null {
  if (issues.length < 3) return null;
  const sorted = [...issues].sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime());
  const gaps = sorted.slice(1).map((issue, i) => {
    const previous = sorted[i]?.closedAt.getTime() ?? 0;
    return (issue.closedAt.getTime() - previous) / DAY_MS;
  });
  const typical = median(gaps) ?? 0;
  if (typical < 1) return null;
  if (gaps.some((gap) => Math.abs(gap - typical) > TOLERANCE * typical)) return null;
  const last = sorted[sorted.length - 1];
  if (!last) return null;
  // A repeat that stopped (nothing for two cadences) is history, not a pattern to adopt.
  if (options.now.getTime() - last.closedAt.getTime() > 2 * (1 + TOLERANCE) * typical * DAY_MS) {
    return null;
  }
  const cadence = cadenceOf(typical);
  return {
    pattern,
    title: displayTitle(last.title) || last.title,
    cadence,
    occurrences: sorted.length,
    confidence: confidenceOf(sorted.length),
    schedule: scheduleOf(
      cadence,
      sorted.map((i) => i.closedAt),
      options.timeZone,
    ),
    labels: commonLabels(sorted),
    lastClosedAt: last.closedAt,
  };
}

const RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

/**
 * Closed issues whose titles repeat at a regular cadence: grouped by `titlePattern`, at least
 * three, every gap within ±25 % of the median gap, and the last one recent. Confidence rises
 * with the count: 3 low, 4 medium, 5 or more high. Strongest first.
 */
export function repeatSuggestions(
  closed: readonly ClosedIssue[],
  options: RepeatOptions,
): RepeatSuggestion[] {
  const declared = new Set((options.declared ?? []).map(titlePattern));
  const groups = new Map<string, ClosedIssue[]>();
  for (const issue of closed) {
    const pattern = titlePattern(issue.title);
    if (pattern === "" || declared.has(pattern)) continue;
    groups.set(pattern, [...(groups.get(pattern) ?? []), issue]);
  }
  return [...groups]
    .map(([pattern, issues]) => suggestionFor(pattern, issues, options))
    .filter((s): s is RepeatSuggestion => s !== null)
    .sort(
      (a, b) =>
        RANK[a.confidence] - RANK[b.confidence] ||
        b.occurrences - a.occurrences ||
        a.title.localeCompare(b.title),
    );
}
