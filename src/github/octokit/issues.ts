import type { ClosedIssue } from "../../learn/repeats.js";
import type { IssueSnapshot, RepoRef } from "../../types.js";
import { issueFromPayload } from "../payloads.js";
import type { IssueLink, IssueSet, IssuesPort } from "../port/issues.js";
import { isStatus, type Octokit } from "./client.js";

/** Issues over Octokit. */
export const octokitIssues = (octokit: Octokit): IssuesPort => ({
  async listOpenIssues({ owner, repo }: RepoRef): Promise<IssueSnapshot[]> {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "open",
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request).map(issueFromPayload);
  },

  async listIssuesBy({ owner, repo }: RepoRef, creator: string, since: Date) {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "all",
      creator,
      since: since.toISOString(),
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request).map(issueFromPayload);
  },

  async listIssuesOf({ owner, repo }: RepoRef, set: IssueSet) {
    let filter: { milestone: string } | { labels: string };
    if ("milestone" in set) {
      // The listing filters by a milestone's number; the config names its title.
      const milestones = await octokit.paginate(octokit.rest.issues.listMilestones, {
        owner,
        repo,
        state: "all",
        per_page: 100,
      });
      const found = milestones.find((milestone) => milestone.title === set.milestone);
      if (!found) return null;
      filter = { milestone: String(found.number) };
    } else {
      filter = { labels: set.label };
    }
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "all",
      ...filter,
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    return issues.filter((issue) => !issue.pull_request).map(issueFromPayload);
  },

  async listClosedIssues(
    { owner, repo }: RepoRef,
    { since, maxPages }: { since: Date; maxPages: number },
  ): Promise<ClosedIssue[]> {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "closed",
      since: since.toISOString(),
      sort: "updated",
      direction: "desc",
      per_page: 100,
    });
    const closed: ClosedIssue[] = [];
    let read = 0;
    for await (const { data } of pages) {
      for (const issue of data) {
        if (issue.pull_request || issue.closed_at === null) continue;
        const closedAt = new Date(issue.closed_at);
        if (closedAt < since) continue;
        closed.push({ title: issue.title, closedAt, labels: issueFromPayload(issue).labels });
      }
      read += 1;
      if (read >= maxPages) break;
    }
    return closed;
  },

  async getIssue({ owner, repo }: RepoRef, issue: number) {
    const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issue });
    return { issue: issueFromPayload(data), isPullRequest: Boolean(data.pull_request) };
  },

  async readIssue({ owner, repo }: RepoRef, issue: number) {
    try {
      const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issue });
      const state = data.state === "closed" ? ("closed" as const) : ("open" as const);
      return { state, body: data.body ?? "" };
    } catch (error) {
      if (isStatus(error, 404) || isStatus(error, 403) || isStatus(error, 410)) return null;
      throw error;
    }
  },

  async createIssue(
    { owner, repo }: RepoRef,
    issue: { title: string; body: string; labels: string[] },
  ) {
    const { data } = await octokit.rest.issues.create({ owner, repo, ...issue });
    return { number: data.number, url: data.html_url, body: data.body ?? "" };
  },

  async updateIssueBody({ owner, repo }: RepoRef, issue: number, body: string) {
    await octokit.rest.issues.update({ owner, repo, issue_number: issue, body });
  },

  async findIssueWithLabel({ owner, repo }: RepoRef, label: string) {
    const { data } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      labels: label,
      state: "open",
      sort: "created",
      direction: "asc",
      per_page: 10,
    });
    const issue = data.find((candidate) => !candidate.pull_request);
    return issue ? { number: issue.number, url: issue.html_url, body: issue.body ?? "" } : null;
  },

  async listBlockedBy({ owner, repo }: RepoRef, issue: number): Promise<IssueLink[]> {
    const blockers = await octokit.paginate(octokit.rest.issues.listDependenciesBlockedBy, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    });
    return blockers.map((blocker) => {
      // `repository_url` ends in /repos/{owner}/{repo}, on github.com and Enterprise alike.
      const [, blockerOwner = owner, blockerRepo = repo] =
        /\/repos\/([^/]+)\/([^/]+)$/.exec(blocker.repository_url) ?? [];
      return {
        owner: blockerOwner,
        repo: blockerRepo,
        number: blocker.number,
        state: blocker.state === "closed" ? "closed" : "open",
      };
    });
  },
});
