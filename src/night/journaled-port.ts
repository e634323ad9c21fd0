import type { GitHubPort } from "../github/port.js";
import type { Journal } from "../store/journal.js";
import type { Clock } from "../types.js";
import type { CrashHook } from "./crash.js";

/**
 * The run's GitHub port, with the journal told the moment a pull request exists. The runner
 * opens PRs through this port, so recovery after a crash knows a PR may already be open.
 */
export function journaledPort(
  github: GitHubPort,
  journal: Pick<Journal, "advanceRun">,
  runId: string,
  clock: Clock,
  crashAt: CrashHook,
): GitHubPort {
  return {
    ...bindAll(github),
    async createPull(ref, pull) {
      crashAt("before-pull");
      const created = await github.createPull(ref, pull);
      journal.advanceRun(runId, "pr-opened", clock.now(), {
        prNumber: created.number,
        branch: pull.head,
      });
      crashAt("after-pull");
      return created;
    },
    async updatePull(ref, number, pull) {
      await github.updatePull(ref, number, pull);
      journal.advanceRun(runId, "pr-opened", clock.now(), { prNumber: number });
    },
  };
}

/** Every method of the port bound to it, so spreading keeps `this` working for classes. */
function bindAll(github: GitHubPort): GitHubPort {
  return {
    getRepo: (...a) => github.getRepo(...a),
    readConfig: (...a) => github.readConfig(...a),
    getPull: (...a) => github.getPull(...a),
    listPullReviews: (...a) => github.listPullReviews(...a),
    listPullReviewComments: (...a) => github.listPullReviewComments(...a),
    listOpenIssues: (...a) => github.listOpenIssues(...a),
    listIssuesBy: (...a) => github.listIssuesBy(...a),
    listComments: (...a) => github.listComments(...a),
    listRepoComments: (...a) => github.listRepoComments(...a),
    getRole: (...a) => github.getRole(...a),
    listCollaboratorRoles: (...a) => github.listCollaboratorRoles(...a),
    addLabels: (...a) => github.addLabels(...a),
    removeLabel: (...a) => github.removeLabel(...a),
    replaceLabels: (...a) => github.replaceLabels(...a),
    createComment: (...a) => github.createComment(...a),
    updateComment: (...a) => github.updateComment(...a),
    addReaction: (...a) => github.addReaction(...a),
    findIssueWithLabel: (...a) => github.findIssueWithLabel(...a),
    createIssue: (...a) => github.createIssue(...a),
    updateIssueBody: (...a) => github.updateIssueBody(...a),
    findOpenPull: (...a) => github.findOpenPull(...a),
    createPull: (...a) => github.createPull(...a),
    updatePull: (...a) => github.updatePull(...a),
    gitToken: (...a) => github.gitToken(...a),
    listPullsForBranch: (...a) => github.listPullsForBranch(...a),
    getBranchHead: (...a) => github.getBranchHead(...a),
    readIssue: (...a) => github.readIssue(...a),
    getIssue: (...a) => github.getIssue(...a),
    listBlockedBy: (...a) => github.listBlockedBy(...a),
    listLabels: (...a) => github.listLabels(...a),
    createLabel: (...a) => github.createLabel(...a),
    listPullFiles: (...a) => github.listPullFiles(...a),
    readFileAt: (...a) => github.readFileAt(...a),
    createCheckRun: (...a) => github.createCheckRun(...a),
  };
}
