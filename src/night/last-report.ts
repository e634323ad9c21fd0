import type { RepoConfig } from "../config/repo-schema.js";
import type { CommentsPort, IssuesPort } from "../github/port.js";
import type { RepoRef } from "../types.js";

/** How a morning report comment begins: its marker (report/upsert.ts); previews do not count. */
const MORNING_REPORT = /^<!-- nightshift:report session=/;

/**
 * When the bot last posted a morning report on the repository's report issue (a session's morning report), or
 * null when it never has. `/skip` counts for comments written after it: "the next session" is
 * the one whose report has not been posted yet. Read only when some task has a `/skip`.
 */
export async function lastReportAt(
  github: IssuesPort & CommentsPort,
  ref: RepoRef,
  config: Pick<RepoConfig, "labels">,
  botLogin: string | undefined,
): Promise<string | null> {
  const issue = await github.findIssueWithLabel(ref, config.labels.report);
  if (!issue) return null;
  const comments = await github.listComments(ref, issue.number);
  const times = comments
    .filter(
      (c) =>
        c.authorType === "Bot" &&
        (botLogin === undefined || c.author === botLogin) &&
        MORNING_REPORT.test(c.body),
    )
    .map((c) => c.createdAt)
    .sort();
  return times.at(-1) ?? null;
}
