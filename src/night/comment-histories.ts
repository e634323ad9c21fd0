import type { GitHubPort } from "../github/port.js";
import type { CommentSnapshot, IssueSnapshot, Logger, RepoRef } from "../types.js";

/** GitHub's largest page: both comment listings return at most this many a request. */
const PAGE_SIZE = 100;

/** The comment histories of some issues, by issue number; an issue without comments maps to []. */
export type CommentHistories = ReadonlyMap<number, readonly CommentSnapshot[]>;

/** Requests to read each issue's comments on its own; an unknown count is taken as one page. */
export function perIssuePages(issues: readonly IssueSnapshot[]): number {
  return issues.reduce(
    (pages, issue) => pages + Math.max(1, Math.ceil((issue.commentCount ?? 1) / PAGE_SIZE)),
    0,
  );
}

/** The oldest creation time among `issues`: no comment on any of them can be older. */
function oldestCreatedAt(issues: readonly IssueSnapshot[]): string {
  return issues.reduce(
    (oldest, issue) =>
      Date.parse(issue.createdAt) < Date.parse(oldest) ? issue.createdAt : oldest,
    issues[0]?.createdAt ?? new Date(0).toISOString(),
  );
}

/**
 * Reads the full comment histories of `issues` the cheaper of two ways: one listing per issue
 * (a request per 100 comments each), or the repository's comment listing since the oldest of
 * them was opened (100 comments a request across all issues). The repository listing is tried
 * first when it could pay off; its first page says how many pages it has, and when that is more
 * than the per-issue reads would cost, the issues are read one by one instead (one request spent).
 * Issues the API reports without comments are never read.
 */
export async function readCommentHistories(
  github: Pick<GitHubPort, "listComments" | "listRepoComments">,
  ref: RepoRef,
  issues: readonly IssueSnapshot[],
  logger: Logger,
): Promise<CommentHistories> {
  const histories = new Map<number, readonly CommentSnapshot[]>();
  const withComments = issues.filter((issue) => issue.commentCount !== 0);
  for (const issue of issues) if (issue.commentCount === 0) histories.set(issue.number, []);
  if (withComments.length === 0) return histories;

  const budget = perIssuePages(withComments);
  if (budget > 1) {
    const since = oldestCreatedAt(withComments);
    const listed = await github.listRepoComments(ref, { since, maxPages: budget });
    if (listed) {
      for (const issue of withComments) histories.set(issue.number, listed.get(issue.number) ?? []);
      logger.debug(
        { issues: withComments.length, budget },
        "comments read from the repository listing",
      );
      return histories;
    }
    logger.debug(
      { issues: withComments.length, budget },
      "repository listing too long; reading per issue",
    );
  }
  for (const issue of withComments) {
    histories.set(issue.number, await github.listComments(ref, issue.number));
  }
  return histories;
}
