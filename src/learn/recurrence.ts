import { addDays, isoDate, localParts, zonedInstant, type LocalDate } from "../schedule/zoned.js";
import { dailyRule, type DailyRule } from "./daily-rule.js";
import { seriesOf, type RecurringEntry, type RecurringSchedule } from "./recurrence-schema.js";

/** One occurrence of a schedule: the instant, and the local date that names it. */
export interface RecurrenceOccurrence {
  at: Date;
  /** `YYYY-MM-DD` in the host's timezone. */
  date: string;
}

/** An issue as recurrence reads it. Pass only issues the bot opened: others could forge a marker. */
export interface SeriesIssue {
  title: string;
  body: string;
  state: "open" | "closed";
}

/** An occurrence to open as an issue, ready for `createIssue`. */
export interface IssueToOpen {
  entry: RecurringEntry;
  key: string;
  occurrence: RecurrenceOccurrence;
  title: string;
  body: string;
  labels: string[];
}

/** How late an occurrence may still be opened: a weekly or daily series always catches up. */
export const DEFAULT_GRACE_DAYS = 7;

// Long enough for a cron on 29 February across a century year without one (2100).
const MAX_DAYS = 366 * 8 + 1;

function occurrenceOn(
  rule: DailyRule,
  date: LocalDate,
  timeZone: string,
): RecurrenceOccurrence | null {
  if (!rule.matches(date)) return null;
  return { at: zonedInstant(date, rule.minuteOfDay, timeZone), date: isoDate(date) };
}

/** The first occurrence strictly after `after`, or null when the schedule never fires again. */
export function nextOccurrence(
  schedule: RecurringSchedule,
  after: Date,
  timeZone: string,
): RecurrenceOccurrence | null {
  const rule = dailyRule(schedule);
  const today = localParts(after, timeZone);
  for (let offset = -1; offset <= MAX_DAYS; offset++) {
    const found = occurrenceOn(rule, addDays(today, offset), timeZone);
    if (found && found.at > after) return found;
  }
  return null;
}

/** The last occurrence at or before `atOrBefore`, or null when there is none in eight years. */
export function latestOccurrence(
  schedule: RecurringSchedule,
  atOrBefore: Date,
  timeZone: string,
): RecurrenceOccurrence | null {
  const rule = dailyRule(schedule);
  const today = localParts(atOrBefore, timeZone);
  for (let offset = 1; offset >= -MAX_DAYS; offset--) {
    const found = occurrenceOn(rule, addDays(today, offset), timeZone);
    if (found && found.at <= atOrBefore) return found;
  }
  return null;
}

/** `recurring:<series>:<YYYY-MM-DD>`: names one occurrence, stable across restarts. */
export const occurrenceKey = (
  entry: Pick<RecurringEntry, "id" | "title">,
  occurrence: Pick<RecurrenceOccurrence, "date">,
): string => `recurring:${seriesOf(entry)}:${occurrence.date}`;

/** The hidden marker an occurrence's issue carries in its body. */
export const occurrenceMarker = (key: string): string => `<!-- nightshift:${key} -->`;

const MARKER = /<!-- nightshift:(recurring:[a-z0-9-]+:\d{4}-\d{2}-\d{2}) -->/g;

/** The occurrence keys an issue body carries. */
export const markedKeys = (body: string): string[] =>
  [...body.matchAll(MARKER)].map((match) => match[1] ?? "");

const DATED_TITLE = / \((\d{4}-\d{2}-\d{2})\)$/;

const issueTitle = (entry: RecurringEntry, date: string): string => `${entry.title} (${date})`;

/** Whether an issue is one of the entry's: by marker, or by title when an edit lost the marker. */
function ofSeries(entry: RecurringEntry, issue: SeriesIssue): boolean {
  const prefix = `recurring:${seriesOf(entry)}:`;
  if (markedKeys(issue.body).some((key) => key.startsWith(prefix))) return true;
  if (issue.title === entry.title) return true;
  const date = DATED_TITLE.exec(issue.title);
  return date?.[1] !== undefined && issue.title === issueTitle(entry, date[1]);
}

function isOccurrence(entry: RecurringEntry, issue: SeriesIssue, key: string, date: string) {
  return markedKeys(issue.body).includes(key) || issue.title === issueTitle(entry, date);
}

/**
 * The occurrences to open as issues now. An occurrence is due once reached, or earlier when it
 * falls before `windowOpensAt`, so the night it is meant for finds it queued (and the evening
 * preview lists it). Only an entry's latest due occurrence is opened (a bot that was down
 * for three weeks opens one issue, not three), and only while it is at most `graceDays` late
 * (like graphile/worker's backfill period: a `monthly: 1` entry added on the 20th waits for the
 * next 1st). None while an issue of the entry is still open, none that was already opened.
 */
export function occurrencesToOpen(
  entries: readonly RecurringEntry[],
  issues: readonly SeriesIssue[],
  now: Date,
  windowOpensAt: Date,
  timeZone: string,
  options: { graceDays?: number } = {},
): IssueToOpen[] {
  const dueBy = windowOpensAt > now ? windowOpensAt : now;
  const earliest = now.getTime() - (options.graceDays ?? DEFAULT_GRACE_DAYS) * 86_400_000;
  const opened: IssueToOpen[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const series = seriesOf(entry);
    if (seen.has(series)) continue;
    seen.add(series);
    const mine = issues.filter((issue) => ofSeries(entry, issue));
    if (mine.some((issue) => issue.state === "open")) continue;
    const occurrence = latestOccurrence(entry.schedule, dueBy, timeZone);
    if (!occurrence || occurrence.at.getTime() < earliest) continue;
    const key = occurrenceKey(entry, occurrence);
    if (mine.some((issue) => isOccurrence(entry, issue, key, occurrence.date))) continue;
    const body = `${entry.body.trimEnd()}\n\n${occurrenceMarker(key)}`.trimStart();
    opened.push({
      entry,
      key,
      occurrence,
      title: issueTitle(entry, occurrence.date),
      body,
      labels: [...entry.labels],
    });
  }
  return opened;
}
