import { canApprove } from "../approval/roles.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { RepoRef } from "../types.js";

/** One piece of review text for the prompt: who wrote it, where, what. Untrusted. */
export interface ReviewNote {
  author: string;
  /** `src/a.ts:12` for an inline comment, `review` or `comment` otherwise. */
  where: string;
  body: string;
  at: string;
}

export interface FeedbackInput {
  github: Pick<GitHubPort, "listPullReviews" | "listPullReviewComments" | "listComments">;
  repo: RepoRef;
  pull: number;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
}

/**
 * What reviewers said on a pull request, for a follow-up's prompt: review bodies, inline
 * comments and conversation comments, oldest first, written by people with write access only
 * (the same rule as the comments). Bots (the bot itself included) never count. The
 * text is returned as GitHub has it; the prompt sanitises and fences it as untrusted.
 */
export async function reviewFeedback(input: FeedbackInput): Promise<ReviewNote[]> {
  const { github, repo, pull } = input;
  const [reviews, inline, conversation] = await Promise.all([
    github.listPullReviews(repo, pull),
    github.listPullReviewComments(repo, pull),
    github.listComments(repo, pull),
  ]);
  const notes: (ReviewNote & { authorType: string })[] = [
    ...reviews
      .filter((review) => review.body.trim() !== "" && review.state !== "PENDING")
      .map((review) => ({
        author: review.author,
        authorType: review.authorType,
        where: "review",
        body: review.body,
        at: review.submittedAt ?? "",
      })),
    ...inline.map((comment) => ({
      author: comment.author,
      authorType: comment.authorType,
      where: comment.line === null ? comment.path : `${comment.path}:${comment.line}`,
      body: comment.body,
      at: comment.createdAt,
    })),
    ...conversation.map((comment) => ({
      author: comment.author,
      authorType: comment.authorType,
      where: "comment",
      body: comment.body,
      at: comment.createdAt,
    })),
  ];
  // One lookup per person, however much they wrote.
  const roles = new Map<string, Promise<RepoRole>>();
  const roleOf = (login: string): Promise<RepoRole> => {
    const known = roles.get(login) ?? input.roleOf(login);
    roles.set(login, known);
    return known;
  };
  const kept: ReviewNote[] = [];
  for (const note of notes.sort((a, b) => a.at.localeCompare(b.at))) {
    if (note.authorType !== "User") continue;
    if (input.botLogin !== undefined && note.author === input.botLogin) continue;
    if (!canApprove(await roleOf(note.author))) continue;
    kept.push({ author: note.author, where: note.where, body: note.body, at: note.at });
  }
  return kept;
}
