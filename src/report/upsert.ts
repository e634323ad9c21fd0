import type { GitHubPort } from "../github/port.js";
import type { RepoRef } from "../types.js";

/** The hidden marker that lets a comment be found and edited instead of posted again. */
export const marker = (kind: string, sessionId: string): string =>
  `<!-- nightshift:${kind} session=${sessionId} -->`;

/**
 * Posts `body` on the issue, or edits the comment that already carries the marker: a progress
 * comment is edited all night, and a report re-posted after a crash replaces the first.
 */
export async function upsertComment(
  github: GitHubPort,
  repo: RepoRef,
  issue: number,
  mark: string,
  body: string,
): Promise<{ id: number; url: string }> {
  const text = `${mark}\n${body}`;
  const existing = (await github.listComments(repo, issue)).find(
    (comment) => comment.authorType === "Bot" && comment.body.startsWith(mark),
  );
  if (existing) {
    await github.updateComment(repo, existing.id, text);
    return { id: existing.id, url: "" };
  }
  const created = await github.createComment(repo, issue, text);
  return { id: created.id, url: created.url };
}
