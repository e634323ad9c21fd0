import type { HostConfig } from "../config/host-schema.js";
import type { RepoConfig } from "../config/repo-schema.js";
import { DEFAULT_GRACE_DAYS, occurrencesToOpen } from "../learn/recurrence.js";
import type { Occurrence } from "../schedule/window.js";
import type { IssueSnapshot, Logger } from "../types.js";
import type { RepoTarget } from "../github/target.js";

/** Where the night stands when recurring tasks are opened: now, and the window being prepared. */
export interface RecurringMoment {
  now: Date;
  /** When the window opens: an occurrence falling before it is opened now, so it is queued. */
  opensAt: Date;
  /** The window's IANA timezone: schedules are read in it. */
  timeZone: string;
}

/** The moment of a preview or cycle: its window's opening and zone (`run --now`: now, the first window's zone). */
export const recurringMoment = (
  host: Pick<HostConfig, "windows">,
  now: Date,
  occurrence: Occurrence | undefined,
): RecurringMoment => ({
  now,
  opensAt: occurrence?.opensAt ?? now,
  timeZone: occurrence?.window.timezone ?? host.windows[0]?.timezone ?? "UTC",
});

const DAY_MS = 86_400_000;

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Opens the repository's due `recurring:` occurrences as issues, before the window's plan
 * reads the queue, and returns them as the open issues they now are. Only the bot's own
 * issues are read for markers (anyone could write one into an issue of theirs): the open ones
 * planning already listed, and the bot's issues updated within the grace period (closed
 * occurrences). One issue per occurrence, never a second while one of its series is open.
 */
export async function openRecurring(
  target: RepoTarget,
  config: Pick<RepoConfig, "recurring">,
  openIssues: readonly IssueSnapshot[],
  moment: RecurringMoment,
  logger: Logger,
): Promise<IssueSnapshot[]> {
  if (config.recurring.length === 0) return [];
  const { github, ref, botLogin } = target;
  if (botLogin === undefined) {
    logger.warn("recurring tasks need the bot's login to find its issues; none opened");
    return [];
  }
  const since = new Date(moment.now.getTime() - (DEFAULT_GRACE_DAYS + 2) * DAY_MS);
  const mine = [
    ...openIssues,
    ...(await github.listIssuesBy(ref, botLogin, since)).filter((i) => i.state === "closed"),
  ].filter((issue) => sameLogin(issue.author, botLogin));
  const due = occurrencesToOpen(
    config.recurring,
    mine,
    moment.now,
    moment.opensAt,
    moment.timeZone,
  );
  const opened: IssueSnapshot[] = [];
  for (const occurrence of due) {
    const created = await github.createIssue(ref, {
      title: occurrence.title,
      body: occurrence.body,
      labels: occurrence.labels,
    });
    logger.info({ issue: created.number, key: occurrence.key }, "recurring task opened");
    opened.push({
      number: created.number,
      title: occurrence.title,
      body: created.body ?? occurrence.body,
      labels: occurrence.labels,
      author: botLogin,
      authorType: "Bot",
      createdAt: moment.now.toISOString(),
      state: "open",
      commentCount: 0,
    });
  }
  return opened;
}
