import type { RepoRef } from "../../types.js";
import {
  PullExistsError,
  type NewPullRequest,
  type PullRequestInfo,
  type PullRequestRecord,
  type PullsPort,
} from "../port/pulls.js";
import { isStatus, type Octokit } from "./client.js";

/** GitHub answers a duplicate pull request with a 422 whose errors say "already exists". */
function isPullExists(error: unknown): boolean {
  if (!isStatus(error, 422) || !(error instanceof Error)) return false;
  const response = "response" in error ? JSON.stringify(error.response) : "";
  return /pull request already exists/i.test(`${error.message} ${response}`);
}

/** Pull requests as the run publishes them, over Octokit. */
export const octokitPulls = (octokit: Octokit): PullsPort => ({
  async findOpenPull({ owner, repo }: RepoRef, branch: string): Promise<PullRequestInfo | null> {
    const { data } = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:${branch}`,
      state: "open",
      per_page: 10,
    });
    const pull = data[0];
    return pull
      ? {
          number: pull.number,
          url: pull.html_url,
          draft: pull.draft ?? false,
          headRef: pull.head.ref,
        }
      : null;
  },

  async listPullsForBranch({ owner, repo }: RepoRef, branch: string): Promise<PullRequestRecord[]> {
    const pulls = await octokit.paginate(octokit.rest.pulls.list, {
      owner,
      repo,
      head: `${owner}:${branch}`,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: 100,
    });
    return pulls.map((pull) => ({
      number: pull.number,
      url: pull.html_url,
      draft: pull.draft ?? false,
      headRef: pull.head.ref,
      state: pull.state === "open" ? "open" : "closed",
      merged: pull.merged_at !== null,
      body: pull.body ?? "",
    }));
  },

  async createPull({ owner, repo }: RepoRef, pull: NewPullRequest) {
    const data = await octokit.rest.pulls.create({ owner, repo, ...pull }).then(
      (response) => response.data,
      (error: unknown) => {
        throw isPullExists(error) ? new PullExistsError(pull.head) : error;
      },
    );
    return {
      number: data.number,
      url: data.html_url,
      draft: data.draft ?? false,
      headRef: data.head.ref,
    };
  },

  async updatePull(
    { owner, repo }: RepoRef,
    number: number,
    pull: { title: string; body: string },
  ) {
    await octokit.rest.pulls.update({ owner, repo, pull_number: number, ...pull });
  },

  async listPullFiles({ owner, repo }: RepoRef, pull: number): Promise<string[]> {
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pull,
      per_page: 100,
    });
    return files.map((file) => file.filename);
  },
});
