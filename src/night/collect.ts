import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort } from "../github/port.js";
import type { RunOutcome } from "../run/outcome.js";

/** The short comment a run leaves on its issue. */
export function issueComment(outcome: RunOutcome): string {
  const pr = outcome.pr ? `#${outcome.pr.number}` : undefined;
  switch (outcome.status) {
    case "shipped":
      return `🌙 Nightshift opened ${pr ?? "a pull request"} for this issue; its gates passed.`;
    case "no-change":
      return `🌙 Nightshift ran an agent on this issue, but it changed nothing, so no pull request was opened. Comment \`/retry\` to try again.`;
    case "failed":
      return [
        `🌙 Nightshift could not finish this issue: ${outcome.reason ?? "unknown failure"}.`,
        pr
          ? `The work so far is in the ${outcome.pr?.draft ? "draft " : ""}pull request ${pr}.`
          : undefined,
        outcome.logFile
          ? `The run's log is on the runner host at \`${outcome.logFile}\`.`
          : undefined,
      ]
        .filter(Boolean)
        .join(" ");
  }
}

/** Collect: the issue's state labels and a comment linking the outcome. */
export async function recordOutcome(
  github: GitHubPort,
  config: Pick<RepoConfig, "labels">,
  outcome: RunOutcome,
): Promise<void> {
  const { repo, issue } = outcome.task;
  const { labels } = config;
  const next = outcome.status === "shipped" ? labels.prOpen : labels.failed;
  await github.addLabels(repo, issue.number, [next]);
  await github.removeLabel(repo, issue.number, labels.running);
  await github.createComment(repo, issue.number, issueComment(outcome));
}
