import { PullExistsError, type PullRequestInfo, type PullsPort } from "../github/port.js";
import type { Task } from "../queue/task.js";
import type { GateResult } from "../runner/gates.js";
import { RUN_MARKER } from "../review/nightshift-pull.js";
import { pullRequestBody } from "./pull-body.js";

export interface PublishInput {
  branch: string;
  base: string;
  draft: boolean;
  summary: string;
  gates: GateResult[];
  durationMs: number;
  sessionId: string;
  /** The GitHub server's web address, for the body's link rules (default github.com). */
  serverUrl?: string;
}

/** Creating a pull request is not idempotent: at most this many tries, each checked first. */
const CREATE_ATTEMPTS = 2;

/** The bot's own marker for this issue, as `pullRequestBody` writes it. */
const markerOf = (issue: number) => `<!-- ${RUN_MARKER} {"issue":${issue},`;

/**
 * The open pull request a failed create may have left behind. After GitHub's "already exists"
 * any open PR of the branch is the one (the branch is the bot's); after any other failure (a
 * timeout, a 502 after the PR was made) only one carrying the bot's own marker for this issue.
 */
async function leftBehind(
  github: PullsPort,
  task: Task,
  branch: string,
  error: unknown,
): Promise<PullRequestInfo | undefined> {
  const pulls = await github.listPullsForBranch(task.repo, branch);
  const open = pulls.filter((pull) => pull.state === "open");
  if (error instanceof PullExistsError) return open[0];
  return open.find((pull) => pull.body.includes(markerOf(task.issue.number)));
}

/**
 * Opens the task's pull request, or updates the one already open for its branch, so an
 * issue never has two. A closed pull request is never reopened (the caller checks that first).
 */
export async function publishPull(
  github: PullsPort,
  task: Task,
  input: PublishInput,
): Promise<{ number: number; url: string; draft: boolean; created: boolean }> {
  const title = `${task.issue.title} (#${task.issue.number})`;
  const body = pullRequestBody({
    repo: task.repo,
    serverUrl: input.serverUrl,
    issue: task.issue.number,
    summary: input.summary,
    gates: input.gates,
    durationMs: input.durationMs,
    estimatedCost: task.cost,
    sessionId: input.sessionId,
  });
  const update = async (pull: PullRequestInfo) => {
    await github.updatePull(task.repo, pull.number, { title, body });
    return { number: pull.number, url: pull.url, draft: pull.draft, created: false };
  };
  const existing = await github.findOpenPull(task.repo, input.branch);
  if (existing) return update(existing);
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await github.createPull(task.repo, {
        title,
        body,
        head: input.branch,
        base: input.base,
        draft: input.draft,
      });
      return { number: created.number, url: created.url, draft: created.draft, created: true };
    } catch (error) {
      const found = await leftBehind(github, task, input.branch, error);
      if (found) return update(found);
      if (error instanceof PullExistsError || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}
