import type { RepoConfig } from "../config/repo-schema.js";
import { offeredRepeats } from "../learn/adopted-repeat.js";
import { repeatSuggestions } from "../learn/repeats.js";
import type { ReportTarget } from "../report/report-target.js";
import type { Journal } from "../store/journal.js";
import type { Clock, Logger } from "../types.js";

/** Closed issues are read this far back: six months shows a monthly repeat six times. */
const LOOKBACK_DAYS = 183;
/** At most this many pages of 100 closed issues: a busy repository's oldest are left unread. */
const MAX_PAGES = 5;
/** The dashboard offers at most this many, strongest first. */
const MAX_OFFERS = 5;

const DAY_MS = 86_400_000;

/** The bot's own labels: never copied onto a recurring task's issues. */
const stateLabels = ({ labels }: Pick<RepoConfig, "labels">): string[] => [
  labels.needsApproval,
  labels.running,
  labels.prOpen,
  labels.failed,
  labels.followUp,
  labels.report,
];

export interface RepeatOfferDeps {
  journal: Pick<Journal, "repeats">;
  clock: Clock;
  logger: Logger;
  /** The host's timezone: which weekday or day of the month repeats fall on. */
  timeZone: string;
}

/**
 * After a morning report: reads each repository's closed issues of the last six months (one
 * paginated listing) and records the repeats its dashboard offers from now on, strongest
 * first. Titles the config declares under `recurring:` and adopted ones are not offered again.
 * A repository whose listing fails keeps its earlier offers.
 */
export async function refreshRepeatOffers(
  targets: Iterable<[string, ReportTarget]>,
  deps: RepeatOfferDeps,
): Promise<void> {
  const { journal, clock, logger } = deps;
  for (const [name, target] of targets) {
    const now = clock.now();
    try {
      const closed = await target.github.listClosedIssues(target.ref, {
        since: new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS),
        maxPages: MAX_PAGES,
      });
      const declared = [
        ...target.config.recurring.map((entry) => entry.title),
        ...journal.repeats.adopted(name).map((entry) => entry.title),
      ];
      const suggestions = repeatSuggestions(closed, { now, timeZone: deps.timeZone, declared });
      const offers = offeredRepeats(suggestions, {
        limit: MAX_OFFERS,
        stateLabels: stateLabels(target.config),
      });
      journal.repeats.offer(name, offers, now);
      logger.info({ repo: name, closed: closed.length, offers: offers.length }, "repeats read");
    } catch (error) {
      logger.warn({ err: error, repo: name }, "reading closed issues for repeats failed");
    }
  }
}
