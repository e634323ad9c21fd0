import type { CommentSnapshot, RepoRef } from "../../types.js";
import { commentFromPayload, issueNumberFromUrl, lastPageOf } from "../payloads.js";
import type { CommentsPort, Reaction } from "../port/comments.js";
import type { Octokit } from "./client.js";

/** Issue comments and reactions over Octokit. */
export const octokitComments = (octokit: Octokit): CommentsPort => ({
  async listComments({ owner, repo }: RepoRef, issue: number): Promise<CommentSnapshot[]> {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    });
    return comments.map(commentFromPayload);
  },

  async listRepoComments(
    { owner, repo }: RepoRef,
    { since, maxPages }: { since: string; maxPages: number },
  ): Promise<Map<number, CommentSnapshot[]> | null> {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listCommentsForRepo, {
      owner,
      repo,
      since,
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    const byIssue = new Map<number, CommentSnapshot[]>();
    let first = true;
    for await (const { data, headers } of pages) {
      if (first && lastPageOf(headers.link) > maxPages) return null;
      first = false;
      for (const comment of data) {
        const issue = issueNumberFromUrl(comment.issue_url);
        if (issue === null) continue;
        const list = byIssue.get(issue) ?? [];
        list.push(commentFromPayload(comment));
        byIssue.set(issue, list);
      }
    }
    return byIssue;
  },

  async createComment({ owner, repo }: RepoRef, issue: number, body: string) {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue,
      body,
    });
    return { id: data.id, url: data.html_url };
  },

  async updateComment({ owner, repo }: RepoRef, commentId: number, body: string) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
  },

  async addReaction({ owner, repo }: RepoRef, commentId: number, content: Reaction) {
    await octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: commentId,
      content,
    });
  },
});
