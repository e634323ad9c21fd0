import type { ActionsPort, GitHubPort } from "./port.js";
import { octokitActions } from "./octokit/actions.js";
import { octokitChecks } from "./octokit/checks.js";
import type { Octokit } from "./octokit/client.js";
import { octokitComments } from "./octokit/comments.js";
import { octokitGitAccess } from "./octokit/git-access.js";
import { octokitIssues } from "./octokit/issues.js";
import { octokitLabels } from "./octokit/labels.js";
import { octokitPulls } from "./octokit/pulls.js";
import { octokitRepo } from "./octokit/repo.js";
import { octokitReviews } from "./octokit/reviews.js";
import { octokitRoles } from "./octokit/roles.js";

/** The GitHub port and the Actions port, as one installation's Octokit implements them. */
export type OctokitGitHub = GitHubPort & ActionsPort;

/**
 * The whole port over one installation's Octokit (REST only), one concern per file under
 * octokit/; the return type makes the compiler check that the concerns add up to the port.
 * `installationId` lets `gitToken({ fresh: true })` mint a new token (octokit/git-access.ts).
 */
export function octokitGitHub(octokit: Octokit, installationId?: number): OctokitGitHub {
  return {
    ...octokitRepo(octokit),
    ...octokitIssues(octokit),
    ...octokitComments(octokit),
    ...octokitLabels(octokit),
    ...octokitPulls(octokit),
    ...octokitReviews(octokit),
    ...octokitRoles(octokit),
    ...octokitChecks(octokit),
    ...octokitGitAccess(octokit, installationId),
    ...octokitActions(octokit),
  };
}
