import type { RepoRef } from "../../types.js";
import { actorType } from "../payloads.js";
import type {
  PullFacts,
  ReviewCommentSnapshot,
  ReviewSnapshot,
  ReviewsPort,
} from "../port/reviews.js";
import { isStatus, type Octokit } from "./client.js";

/** The pull request reads review follow-ups need, over Octokit. */
export const octokitReviews = (octokit: Octokit): ReviewsPort => ({
  async getPull({ owner, repo }: RepoRef, number: number): Promise<PullFacts | null> {
    try {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
      return {
        number: data.number,
        url: data.html_url,
        draft: data.draft ?? false,
        headRef: data.head.ref,
        headSha: data.head.sha,
        headRepo: data.head.repo.full_name,
        state: data.state === "open" ? "open" : "closed",
        merged: data.merged_at !== null,
        body: data.body ?? "",
        author: data.user.login,
      };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  },

  async listPullReviews({ owner, repo }: RepoRef, number: number): Promise<ReviewSnapshot[]> {
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
      owner,
      repo,
      pull_number: number,
      per_page: 100,
    });
    return reviews.map((review) => ({
      id: review.id,
      author: review.user?.login ?? "ghost",
      authorType: actorType(review.user),
      state: review.state,
      body: review.body,
      commitId: review.commit_id,
      submittedAt: review.submitted_at ?? null,
    }));
  },

  async listPullReviewComments(
    { owner, repo }: RepoRef,
    number: number,
  ): Promise<ReviewCommentSnapshot[]> {
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      owner,
      repo,
      pull_number: number,
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return comments.map((comment) => ({
      id: comment.id,
      reviewId: comment.pull_request_review_id,
      author: comment.user.login,
      authorType: actorType(comment.user),
      body: comment.body,
      path: comment.path,
      line: comment.line ?? null,
      commitId: comment.commit_id,
      createdAt: comment.created_at,
    }));
  },
});
