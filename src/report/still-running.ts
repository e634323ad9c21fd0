import type { RepoConfig } from "../config/repo-schema.js";
import type { LabelsPort } from "../github/port.js";
import type { SessionOutcome } from "./outcome.js";
import { repoFullName, type RepoRef } from "../types.js";

/** Whether the run has settled: its outcome is journaled before its labels are written. */
export type HasSettled = (runId: string) => boolean;

/**
 * Labels `running` the issues whose runs the morning report lists as still going: the one
 * moment a maintainer looks at them while they run. Runs are not labelled as they start (the
 * progress comment shows them), which keeps a run to three writes: its PR, one label write,
 * one comment.
 *
 * A run may settle while this runs. Its outcome is journaled before its labels are replaced,
 * so a run found settled after the label went on may have replaced its labels first; the
 * label is taken off again, and nothing is left saying "running" on a finished issue.
 */
export async function labelStillRunning(
  github: LabelsPort,
  repo: RepoRef,
  session: Pick<SessionOutcome, "running">,
  config: Pick<RepoConfig, "labels">,
  hasSettled: HasSettled,
): Promise<void> {
  const mine = (session.running ?? []).filter(
    (run) => repoFullName(run.task.repo) === repoFullName(repo),
  );
  for (const run of mine) {
    if (hasSettled(run.runId)) continue;
    await github.addLabels(repo, run.task.issue.number, [config.labels.running]);
    if (hasSettled(run.runId)) {
      await github.removeLabel(repo, run.task.issue.number, config.labels.running);
    }
  }
}
