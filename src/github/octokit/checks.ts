import type { RepoRef } from "../../types.js";
import type { CheckRunResult, ChecksPort } from "../port/checks.js";
import type { Octokit } from "./client.js";

/** Check runs over Octokit. */
export const octokitChecks = (octokit: Octokit): ChecksPort => ({
  async createCheckRun({ owner, repo }: RepoRef, check: CheckRunResult) {
    await octokit.rest.checks.create({
      owner,
      repo,
      name: check.name,
      head_sha: check.headSha,
      status: "completed",
      conclusion: check.conclusion,
      output: { title: check.title, summary: check.summary },
    });
  },
});
