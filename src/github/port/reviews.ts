import type { RepoRef } from "../../types.js";
import type { PullRequestRecord } from "./pulls.js";

/** What a review follow-up reads of a pull request: the pull, its reviews, its inline comments. */
export interface ReviewsPort {
  /** A pull request as a follow-up request reads it, or null when it does not exist. */
  getPull(ref: RepoRef, number: number): Promise<PullFacts | null>;
  /** A pull request's submitted reviews, oldest first. */
  listPullReviews(ref: RepoRef, number: number): Promise<ReviewSnapshot[]>;
  /** A pull request's review (inline) comments, oldest first. */
  listPullReviewComments(ref: RepoRef, number: number): Promise<ReviewCommentSnapshot[]>;
}

/** A pull request's facts: who opened it, from which branch, what its body says. */
export interface PullFacts extends PullRequestRecord {
  author: string;
  headSha: string;
  /** `owner/repo` of the head branch; null when its repository was deleted. */
  headRepo: string | null;
}

/** One submitted review of a pull request. */
export interface ReviewSnapshot {
  id: number;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  /** GitHub's state: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  body: string;
  /** The commit the review was made on. */
  commitId: string | null;
  submittedAt: string | null;
}

/** One inline review comment, on a line of a file. */
export interface ReviewCommentSnapshot {
  id: number;
  /** The review it belongs to, when GitHub says. */
  reviewId: number | null;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  body: string;
  path: string;
  line: number | null;
  commitId: string;
  createdAt: string;
}
