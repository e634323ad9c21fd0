import { stringify } from "yaml";
import type { RecurringEntry, RecurringSchedule } from "./recurrence-schema.js";
import { seriesOf } from "./recurrence-schema.js";
import type { RepeatSuggestion } from "./repeats.js";
import { slugOf } from "./slug.js";

/** A repeat suggestion as the dashboard offers it: one with a schedule to adopt, named by its series. */
export interface OfferedRepeat {
  /** The series its occurrences would carry (the title's slug): the dashboard box's key. */
  series: string;
  title: string;
  schedule: RecurringSchedule;
  labels: string[];
}

/** An offered repeat with the evidence the dashboard shows for it. */
export interface RepeatOffer extends OfferedRepeat {
  occurrences: number;
  confidence: RepeatSuggestion["confidence"];
}

/** A suggestion an approver adopted: a `recurring:` entry the bot keeps until the config has it. */
export interface AdoptedRepeat extends OfferedRepeat {
  adoptedBy: string;
  /** ISO time of the tick. */
  adoptedAt: string;
}

export interface OfferOptions {
  /** At most this many, strongest first. */
  limit: number;
  /** Labels left off the adopted entry: the bot's state labels the closed issues carried. */
  stateLabels: readonly string[];
}

/**
 * The suggestions the dashboard offers: only those a schedule can say (an "every 10 days"
 * repeat has nothing to adopt) and whose title names a series, strongest first.
 */
export function offeredRepeats(
  suggestions: readonly RepeatSuggestion[],
  options: OfferOptions,
): RepeatOffer[] {
  const offered: RepeatOffer[] = [];
  const seen = new Set<string>();
  for (const suggestion of suggestions) {
    const series = slugOf(suggestion.title);
    if (suggestion.schedule === null || series === "" || seen.has(series)) continue;
    seen.add(series);
    offered.push({
      series,
      title: suggestion.title,
      schedule: suggestion.schedule,
      labels: suggestion.labels.filter((label) => !options.stateLabels.includes(label)),
      occurrences: suggestion.occurrences,
      confidence: suggestion.confidence,
    });
    if (offered.length >= options.limit) break;
  }
  return offered;
}

/** The `recurring:` entry an adopted suggestion stands for (its series is its title's slug). */
export const recurringEntryOf = (adopted: OfferedRepeat): RecurringEntry => ({
  title: adopted.title,
  body: "",
  labels: [...adopted.labels],
  schedule: adopted.schedule,
  ...(adopted.series === slugOf(adopted.title) ? {} : { id: adopted.series }),
});

/**
 * The entries the recurring planner opens: the config's, then the adopted ones the config does
 * not declare yet (a maintainer who moved one into the file keeps the same series, so its
 * occurrences are the same issues).
 */
export function withAdopted(
  declared: readonly RecurringEntry[],
  adopted: readonly OfferedRepeat[],
): RecurringEntry[] {
  const series = new Set(declared.map(seriesOf));
  return [
    ...declared,
    ...adopted.filter((entry) => !series.has(entry.series)).map(recurringEntryOf),
  ];
}

/** The YAML a maintainer pastes into `.github/nightshift.yml` to declare the adopted entries. */
export function adoptedYaml(adopted: readonly OfferedRepeat[]): string {
  // No body: the agent's instructions are the maintainer's to write.
  const entries = adopted.map((entry) => {
    const { title, labels, schedule, id } = recurringEntryOf(entry);
    return { title, labels, schedule, ...(id === undefined ? {} : { id }) };
  });
  return stringify({ recurring: entries });
}

const WEEKDAY_NAMES = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
} as const;

/** A schedule in words: "weekly on Monday", "monthly on day 5", "daily". */
export function describeSchedule(schedule: RecurringSchedule): string {
  if (typeof schedule !== "string") {
    return "weekly" in schedule
      ? `weekly on ${WEEKDAY_NAMES[schedule.weekly]}`
      : `monthly on day ${String(schedule.monthly)}`;
  }
  if (schedule === "daily") return "daily";
  if (schedule === "weekdays") return "on weekdays";
  return `on cron \`${schedule}\``;
}
