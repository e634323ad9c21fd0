import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import { taskFromIssue } from "../queue/task.js";
import type { IssueSnapshot, RepoRef } from "../types.js";
import { approvalFromHistory } from "./history.js";
import { approvalRequirement } from "./policy.js";

export const APPROVAL_MARKER = "<!-- nightshift:approval -->";

export interface SyncInput {
  github: GitHubPort;
  repo: RepoRef;
  issue: IssueSnapshot;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
}

const explanation = (reason: string, label: string): string =>
  [
    APPROVAL_MARKER,
    `🌙 This issue is queued for Nightshift, but it needs a maintainer's approval first (${reason}).`,
    `A collaborator with write access can comment \`/approve\` on a line of its own; Nightshift then removes \`${label}\`.`,
    "The approval covers the issue as it reads now.",
  ].join("\n");

/**
 * Keeps `needs-approval` true to the issue: set while a queued task waits for approval (with
 * one explaining comment, edited rather than repeated), cleared once it is approved or no
 * longer needs it. State is rebuilt from the full comment history every time.
 */
export async function syncApprovalLabel(
  input: SyncInput,
): Promise<"added" | "removed" | "unchanged"> {
  const { github, repo, issue, config, roleOf } = input;
  const label = config.labels.needsApproval;
  const hasLabel = issue.labels.includes(label);
  const task = taskFromIssue(repo, issue, config);
  const requirement = task
    ? approvalRequirement(task.category, await roleOf(issue.author), config)
    : null;
  const comments = requirement ? await github.listComments(repo, issue.number) : [];
  const approved = requirement ? (await approvalFromHistory(comments, roleOf)).approved : true;

  if (requirement && !approved) {
    if (hasLabel) return "unchanged";
    await github.addLabels(repo, issue.number, [label]);
    const text = explanation(requirement, label);
    const previous = comments.find(
      (c) => c.authorType === "Bot" && c.body.startsWith(APPROVAL_MARKER),
    );
    if (previous) await github.updateComment(repo, previous.id, text);
    else await github.createComment(repo, issue.number, text);
    return "added";
  }
  if (!hasLabel) return "unchanged";
  await github.removeLabel(repo, issue.number, label);
  return "removed";
}
