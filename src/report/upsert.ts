import type { CommentsPort } from "../github/port.js";
import type { CommentSnapshot, RepoRef } from "../types.js";

/** The hidden marker that lets a comment be found and edited instead of posted again. */
export const marker = (kind: string, sessionId: string): string =>
  `<!-- nightshift:${kind} session=${sessionId} -->`;

/** The bot's comment carrying `mark`, among comments already listed. */
export const findMarked = (
  comments: readonly CommentSnapshot[],
  mark: string,
): CommentSnapshot | undefined =>
  comments.find((comment) => comment.authorType === "Bot" && comment.body.startsWith(mark));

/**
 * Posts `body` on the issue, or edits the comment among `comments` that carries the marker
 * (no write when it already says this). With `adopt`, a comment carrying that marker instead
 * is taken over when none carries `mark` yet: the evening preview becomes the night's
 * progress comment, one write fewer per repository and one comment per night to read.
 */
export async function upsertAmong(
  github: CommentsPort,
  repo: RepoRef,
  issue: number,
  comments: readonly CommentSnapshot[],
  mark: string,
  body: string,
  adopt?: string,
): Promise<{ id: number; url: string }> {
  const text = `${mark}\n${body}`;
  const existing =
    findMarked(comments, mark) ?? (adopt === undefined ? undefined : findMarked(comments, adopt));
  if (existing) {
    if (existing.body !== text) await github.updateComment(repo, existing.id, text);
    return { id: existing.id, url: "" };
  }
  const created = await github.createComment(repo, issue, text);
  return { id: created.id, url: created.url };
}

/**
 * Posts `body` on the issue, or edits the comment that already carries the marker: a progress
 * comment is edited all night, and a report re-posted after a crash replaces the first.
 */
export async function upsertComment(
  github: CommentsPort,
  repo: RepoRef,
  issue: number,
  mark: string,
  body: string,
  adopt?: string,
): Promise<{ id: number; url: string }> {
  const comments = await github.listComments(repo, issue);
  return upsertAmong(github, repo, issue, comments, mark, body, adopt);
}
