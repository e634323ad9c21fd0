import { repeatTag } from "../approval/ticks.js";
import type { RepoConfig } from "../config/repo-schema.js";
import { seriesOf } from "../learn/recurrence-schema.js";
import type { Journal } from "../store/journal.js";
import {
  adoptedYaml,
  describeSchedule,
  type AdoptedRepeat,
  type RepeatOffer,
} from "../learn/adopted-repeat.js";
import { inlineText } from "./format.js";

/** What the dashboard says of repeats: the suggestions it offers, and the adopted entries. */
export interface DashboardRepeats {
  offered: readonly RepeatOffer[];
  /** Adopted entries the config does not declare yet. */
  adopted: readonly AdoptedRepeat[];
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string, info: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${info}`, text.trimEnd(), fence];
}

/** The dashboard's repeat sections: offered suggestions as boxes, adopted ones with their YAML. */
export function repeatsSection(repeats: DashboardRepeats): string[] {
  const { offered, adopted } = repeats;
  return [
    ...(offered.length > 0
      ? [
          "",
          "### Repeats worth scheduling",
          "",
          "Closed issues like these came back at a regular cadence. Tick one to adopt it as a recurring task (only people who may approve can): Nightshift then opens each occurrence as an issue.",
          "",
          ...offered.map(
            (offer) =>
              `- [ ] ${inlineText(offer.title)} — ${describeSchedule(offer.schedule)}, ${String(offer.occurrences)} closed issues, ${offer.confidence} confidence ${repeatTag(offer.series)}`,
          ),
        ]
      : []),
    ...(adopted.length > 0
      ? [
          "",
          "### Adopted recurring tasks",
          "",
          ...adopted.map(
            (entry) =>
              `- ${inlineText(entry.title)} — ${describeSchedule(entry.schedule)}, adopted by @${entry.adoptedBy} on ${entry.adoptedAt.slice(0, 10)}`,
          ),
          "",
          "Nightshift opens these like the config's `recurring:` entries. To keep them with the code, add them to `.github/nightshift.yml` (and give each a `body:` saying what to do):",
          "",
          ...fenced(adoptedYaml(adopted), "yaml"),
        ]
      : []),
  ];
}

/**
 * What a repository's dashboard says of repeats, from the journal: the offers of the last
 * morning report, and the adopted entries its config does not declare yet.
 */
export function dashboardRepeats(
  journal: Pick<Journal, "repeats">,
  name: string,
  config: Pick<RepoConfig, "recurring">,
): DashboardRepeats {
  const declared = new Set(config.recurring.map(seriesOf));
  return {
    offered: journal.repeats.offered(name),
    adopted: journal.repeats.adopted(name).filter((entry) => !declared.has(entry.series)),
  };
}
