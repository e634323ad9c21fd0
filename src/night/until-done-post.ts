import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoInfo } from "../github/port.js";
import type { RepoTarget } from "../github/target.js";
import type { UntilDoneTarget } from "../learn/config-schema.js";
import type { UntilDoneState } from "../learn/until-done.js";
import {
  describeTarget,
  resumeCommand,
  targetKey,
  type UntilDoneSet,
} from "../learn/until-done-target.js";
import { ensureReportIssue } from "../report/post.js";
import {
  renderPauseAlert,
  renderUntilDoneStatus,
  type UntilDoneStatusView,
} from "../report/until-done-comment.js";
import { marker, upsertAmong } from "../report/upsert.js";
import type { Journal } from "../store/journal.js";
import type { TargetRun } from "../store/until-done-log.js";
import { repoFullName, type CommentSnapshot, type IssueSnapshot } from "../types.js";

/** What an until-done target writes on the report issue: its status comment and pause alerts. */

const DAY_MS = 86_400_000;

/** One repository's cycle: its report issue's comments, read once and only when needed. */
export class RepoScope {
  private report?: { number: number; comments: CommentSnapshot[] };
  private info?: RepoInfo;
  constructor(
    readonly target: RepoTarget,
    readonly config: RepoConfig,
  ) {}
  get repo(): string {
    return repoFullName(this.target.ref);
  }
  async reportIssue() {
    if (!this.report) {
      const { github, ref } = this.target;
      const issue = await ensureReportIssue(github, ref, this.config);
      this.report = {
        number: issue.number,
        comments: await github.listComments(ref, issue.number),
      };
    }
    return this.report;
  }
  async repoInfo(): Promise<RepoInfo> {
    this.info ??= await this.target.github.getRepo(this.target.ref);
    return this.info;
  }
}

export interface StatusInput {
  set: UntilDoneSet;
  entry: UntilDoneTarget;
  decision: UntilDoneStatusView["decision"];
  issues: readonly IssueSnapshot[];
  runs: readonly TargetRun[];
  next: Date | null;
  now: Date;
}

/** The target's one status comment on the report issue, posted or edited. */
export async function postStatus(scope: RepoScope, input: StatusInput): Promise<void> {
  const { set, entry, decision, issues, runs, now } = input;
  const lastDay = runs.filter((run) => run.endedAt.getTime() > now.getTime() - DAY_MS);
  const body = renderUntilDoneStatus({
    target: describeTarget(set),
    resume: resumeCommand(set),
    decision,
    open: issues.filter((issue) => issue.state === "open").map((issue) => issue.number),
    total: issues.length,
    lastDay: {
      runs: lastDay.length,
      failed: lastDay.filter((run) => !run.succeeded).length,
      spent: lastDay.reduce((sum, run) => sum + run.cost, 0),
    },
    ...(entry.dailyCap === undefined ? {} : { dailyCap: entry.dailyCap }),
    nextStatusAt: input.next,
  });
  const report = await scope.reportIssue();
  const { github, ref } = scope.target;
  const mark = marker("until-done", encodeURIComponent(targetKey(set)));
  await upsertAmong(github, ref, report.number, report.comments, mark, body);
}

/** A new comment (edits notify no one) naming the failed runs; one per pause, by its marker. */
export async function postAlert(
  deps: { journal: Pick<Journal, "getRun"> },
  scope: RepoScope,
  set: UntilDoneSet,
  state: UntilDoneState,
  runs: readonly TargetRun[],
): Promise<void> {
  const { decision } = state;
  if (decision.kind !== "paused") return;
  const failed = runs
    .filter((run) => run.endedAt <= decision.lastFailureAt)
    .slice(-decision.failures)
    .map((run) => {
      const reason = deps.journal.getRun(run.runId)?.outcome?.reason;
      return { issue: run.issue, endedAt: run.endedAt, ...(reason ? { reason } : {}) };
    });
  const report = await scope.reportIssue();
  const { github, ref } = scope.target;
  const pause = `${encodeURIComponent(targetKey(set))}@${decision.lastFailureAt.toISOString()}`;
  const body = renderPauseAlert(describeTarget(set), resumeCommand(set), failed);
  await upsertAmong(
    github,
    ref,
    report.number,
    report.comments,
    marker("until-done-paused", pause),
    body,
  );
}
