import { foreignCommits, remoteBranches } from "../github/git.js";
import type { PullRequestRecord, PullsPort } from "../github/port.js";
import type { Task } from "../queue/task.js";
import { branchName, branchPrefix } from "../runner/branch.js";
import type { BotIdentity } from "./context.js";

/**
 * Where a run's commit goes. One branch per issue: an earlier run's branch is reused even when
 * the issue's title (and so the computed name) changed since.
 * - `push`: the branch is new (`expectedSha` null) or holds only the bot's commits (overwritten
 *   with a lease on `expectedSha`, so a push that lands meanwhile is never lost);
 * - `blocked`: a human pushed to it, or its pull request was closed without merging.
 */
export type BranchTarget =
  | { kind: "push"; branch: string; expectedSha: string | null; openPull?: PullRequestRecord }
  | { kind: "blocked"; branch: string; reason: string; openPull?: PullRequestRecord };

export interface IssueBranchInput {
  github: PullsPort;
  task: Task;
  remoteUrl: string;
  token: string;
}

export interface BranchTargetInput extends IssueBranchInput {
  /** The run's mirror and the default branch's sha the run started from. */
  mirrorDir: string;
  baseSha: string;
  identity: BotIdentity;
}

const shortSha = (sha: string) => sha.slice(0, 7);

/** The branch to reuse: one with an open PR first, then the computed name, then the oldest name. */
async function pickBranch(
  input: IssueBranchInput,
  remote: Map<string, string>,
): Promise<{ branch: string; pulls: PullRequestRecord[] }> {
  const computed = branchName(input.task.issue.number, input.task.issue.title);
  const names = [computed, ...[...remote.keys()].filter((name) => name !== computed).sort()];
  const withPulls = [];
  for (const branch of names) {
    if (branch !== computed && !remote.has(branch)) continue;
    withPulls.push({
      branch,
      pulls: await input.github.listPullsForBranch(input.task.repo, branch),
    });
  }
  const open = withPulls.find(({ pulls }) => pulls.some((pull) => pull.state === "open"));
  const pushed = withPulls.find(({ branch }) => remote.has(branch));
  return open ?? pushed ?? { branch: computed, pulls: withPulls[0]?.pulls ?? [] };
}

/** The issue's branch as it stands on the remote: its name, its sha (if pushed), its pull requests. */
export async function findIssueBranch(input: IssueBranchInput): Promise<{
  branch: string;
  sha: string | null;
  pulls: PullRequestRecord[];
}> {
  const prefix = branchPrefix(input.task.issue.number);
  const listed = await remoteBranches({
    remoteUrl: input.remoteUrl,
    token: input.token,
    pattern: `${prefix}*`,
  });
  const remote = new Map([...listed].filter(([name]) => name.startsWith(prefix)));
  const { branch, pulls } = await pickBranch(input, remote);
  return { branch, sha: remote.get(branch) ?? null, pulls };
}

/** Why the issue's branch may not be published: its latest PR was closed without merging. */
export function closedPullReason(pulls: readonly PullRequestRecord[]): string | undefined {
  const latest = pulls[0];
  if (!latest || latest.merged || pulls.some((pull) => pull.state === "open")) return undefined;
  return `its pull request #${latest.number} was closed without merging, and Nightshift does not reopen it (reopen it to let a run update it)`;
}

export async function resolveBranchTarget(input: BranchTargetInput): Promise<BranchTarget> {
  const { branch, sha, pulls } = await findIssueBranch(input);
  const openPull = pulls.find((pull) => pull.state === "open");
  const withPull = openPull ? { openPull } : {};
  const closed = closedPullReason(pulls);
  if (closed !== undefined) return { kind: "blocked", branch, reason: closed };
  if (sha === null) return { kind: "push", branch, expectedSha: null, ...withPull };
  const { tip, foreign } = await foreignCommits({
    mirrorDir: input.mirrorDir,
    remoteUrl: input.remoteUrl,
    token: input.token,
    branch,
    baseSha: input.baseSha,
    identity: input.identity,
  });
  if (foreign.length > 0) {
    // Names only: an issue comment is no place for someone's e-mail address.
    const who = [...new Set(foreign.map((commit) => commit.author.replace(/ <[^>]*>$/, "")))].join(
      ", ",
    );
    return {
      kind: "blocked",
      branch,
      reason: `branch \`${branch}\` has commits Nightshift did not make (${foreign.map((c) => shortSha(c.sha)).join(", ")} by ${who}); it was not force-pushed`,
      ...withPull,
    };
  }
  return { kind: "push", branch, expectedSha: tip, ...withPull };
}
