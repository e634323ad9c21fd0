import type { RepoConfig } from "../config/repo-schema.js";
import type { CommentsPort, LabelsPort } from "../github/port.js";
import type { RunOutcome } from "../run/outcome.js";

/** The short comment a run leaves on its issue. */
export function issueComment(outcome: RunOutcome): string {
  const pr = outcome.pr ? `#${outcome.pr.number}` : undefined;
  if (outcome.followUp) {
    const pushed = `🌙 Nightshift pushed a follow-up commit to ${pr ?? "the pull request"} for its review`;
    return outcome.status === "shipped"
      ? `${pushed}; its gates passed.`
      : `${pushed}, but ${outcome.reason ?? "it did not finish"}.`;
  }
  switch (outcome.status) {
    case "shipped":
      return `🌙 Nightshift opened ${pr ?? "a pull request"} for this issue; its gates passed.`;
    case "interrupted":
      return `🌙 Nightshift's run on this issue was interrupted (the host stopped); it is queued again.`;
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

/** The state label an outcome leaves on its issue; none for an interrupted run (queued again). */
export function stateLabel(
  labels: RepoConfig["labels"],
  status: RunOutcome["status"],
): string | undefined {
  if (status === "interrupted") return undefined;
  return status === "shipped" ? labels.prOpen : labels.failed;
}

/**
 * Collect: the issue's state labels in one write (`running` off, the outcome's label on) and a
 * comment linking the outcome.
 */
export async function recordOutcome(
  github: CommentsPort & LabelsPort,
  config: Pick<RepoConfig, "labels">,
  outcome: RunOutcome,
): Promise<void> {
  const { repo, issue } = outcome.task;
  const next = stateLabel(config.labels, outcome.status);
  // A follow-up request is used up by the run it asked for, whatever came of it (an
  // interrupted run is queued again, and keeps it).
  const usedUp = outcome.task.followUp && outcome.status !== "interrupted";
  // A follow-up pushed to a still-open pull request: that pull request stays the issue's state.
  const pushed = outcome.followUp === true;
  await github.replaceLabels(repo, issue.number, {
    add: pushed ? [config.labels.prOpen] : next === undefined ? [] : [next],
    remove: [
      config.labels.running,
      ...(usedUp ? [config.labels.followUp] : []),
      ...(pushed ? [config.labels.failed] : []),
    ],
  });
  await github.createComment(repo, issue.number, issueComment(outcome));
}
