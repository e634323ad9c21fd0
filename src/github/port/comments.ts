import type { CommentSnapshot, RepoRef } from "../../types.js";

/** Issue (and pull request conversation) comments, and reactions to them. */
export interface CommentsPort {
  listComments(ref: RepoRef, issue: number): Promise<CommentSnapshot[]>;
  /**
   * Every issue comment of the repository updated at or after `since`, oldest first, by issue
   * number; null, after one request, when the listing runs to more than `maxPages` pages.
   */
  listRepoComments(
    ref: RepoRef,
    options: { since: string; maxPages: number },
  ): Promise<Map<number, CommentSnapshot[]> | null>;
  createComment(ref: RepoRef, issue: number, body: string): Promise<CommentRef>;
  updateComment(ref: RepoRef, commentId: number, body: string): Promise<void>;
  addReaction(ref: RepoRef, commentId: number, content: Reaction): Promise<void>;
}

export interface CommentRef {
  id: number;
  url: string;
}

export type Reaction = "+1" | "-1" | "eyes" | "confused" | "rocket";
