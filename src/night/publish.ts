import type { GitHubPort, PullRequestInfo } from "../github/port.js";
import type { Task } from "../queue/task.js";
import type { GateResult } from "../runner/gates.js";
import { pullRequestBody } from "./pull-body.js";

export interface PublishInput {
  branch: string;
  base: string;
  draft: boolean;
  summary: string;
  gates: GateResult[];
  durationMs: number;
  sessionId: string;
}

/**
 * Opens the task's pull request, or updates the one already open for its branch, so an
 * issue never has two.
 */
export async function publishPull(
  github: GitHubPort,
  task: Task,
  input: PublishInput,
): Promise<{ number: number; url: string; draft: boolean }> {
  const title = `${task.issue.title} (#${task.issue.number})`;
  const body = pullRequestBody({
    issue: task.issue.number,
    summary: input.summary,
    gates: input.gates,
    durationMs: input.durationMs,
    estimatedCost: task.cost,
    sessionId: input.sessionId,
  });
  const existing: PullRequestInfo | null = await github.findOpenPull(task.repo, input.branch);
  if (existing) {
    await github.updatePull(task.repo, existing.number, { title, body });
    return { number: existing.number, url: existing.url, draft: existing.draft };
  }
  const created = await github.createPull(task.repo, {
    title,
    body,
    head: input.branch,
    base: input.base,
    draft: input.draft,
  });
  return { number: created.number, url: created.url, draft: created.draft };
}
