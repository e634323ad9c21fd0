import type { PullRequestRecord } from "../github/port.js";

/** Where a follow-up run starts: the open pull request's branch, at the tip it has now. */
export interface FollowUpBase {
  pull: PullRequestRecord;
  branch: string;
  sha: string;
}

/**
 * The base of a follow-up run, from the branch as found on the remote; a reason when
 * there is no open pull request or no branch left to build on (the run then fails before any
 * agent starts, and the comment says why).
 */
export function followUpBase(found: {
  branch: string;
  sha: string | null;
  pulls: readonly PullRequestRecord[];
}): { ok: true; base: FollowUpBase } | { ok: false; reason: string } {
  const pull = found.pulls.find((candidate) => candidate.state === "open");
  if (!pull) {
    return {
      ok: false,
      reason: "a follow-up was asked for, but the issue's pull request is no longer open",
    };
  }
  if (found.sha === null) {
    return {
      ok: false,
      reason: `a follow-up was asked for, but branch \`${found.branch}\` no longer exists`,
    };
  }
  return { ok: true, base: { pull, branch: found.branch, sha: found.sha } };
}
