import type { RepoRef } from "../../types.js";
import { nextLabels } from "../label-change.js";
import type { LabelSpec, LabelsPort } from "../port/labels.js";
import { isStatus, type Octokit } from "./client.js";

/** Labels over Octokit. */
export const octokitLabels = (octokit: Octokit): LabelsPort => ({
  async addLabels({ owner, repo }: RepoRef, issue: number, labels: string[]) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: issue, labels });
  },

  async removeLabel({ owner, repo }: RepoRef, issue: number, label: string) {
    try {
      await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue, name: label });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  },

  async replaceLabels(
    { owner, repo }: RepoRef,
    issue: number,
    change: { add: readonly string[]; remove: readonly string[] },
  ) {
    const current = await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    });
    const names = current.map((label) => label.name);
    const next = nextLabels(names, change);
    if (next === null) return;
    await octokit.rest.issues.setLabels({ owner, repo, issue_number: issue, labels: next });
  },

  async listLabels({ owner, repo }: RepoRef): Promise<string[]> {
    const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, {
      owner,
      repo,
      per_page: 100,
    });
    return labels.map((label) => label.name);
  },

  async createLabel({ owner, repo }: RepoRef, label: LabelSpec) {
    await octokit.rest.issues.createLabel({ owner, repo, ...label });
  },
});
