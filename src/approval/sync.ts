import type { CommentsPort, LabelsPort } from "../github/port.js";
import { taskFromIssue } from "../queue/task.js";
import type { CommentSnapshot, IssueSnapshot, RepoRef } from "../types.js";
import { authorRole } from "./author-role.js";
import { issueStatus, type IssueStatus, type StatusContext } from "./issue-status.js";
import { EMPTY_RECORD, renderStatusComment, type StatusRecord } from "./status-comment.js";

export interface SyncInput extends StatusContext {
  github: CommentsPort & LabelsPort;
  /** The issue as re-read from the API (never the webhook's possibly stale copy). */
  issue: IssueSnapshot;
  /** One line telling what just happened, e.g. why an approval was voided. */
  notice?: string;
  /** The issue's comments, when the caller has just listed them (saves listing them twice). */
  comments?: readonly CommentSnapshot[];
}

/** An issue's comments; none to list when the re-read issue says it has none. */
export async function issueComments(
  github: CommentsPort & LabelsPort,
  repo: RepoRef,
  issue: IssueSnapshot,
): Promise<readonly CommentSnapshot[]> {
  return issue.commentCount === 0 ? [] : github.listComments(repo, issue.number);
}

function statusLines(
  state: IssueStatus,
  record: StatusRecord,
  label: string,
  notice: string | undefined,
): string[] {
  const lines: string[] = [];
  const { task, approval, commands } = state;
  if (task && task.problems.length > 0) {
    lines.push(
      `⚠️ Nightshift leaves this issue out until its labels are fixed: ${task.problems.join("; ")}.`,
    );
  }
  if (task && approval) {
    lines.push(
      `🌙 This issue is queued for Nightshift, but it needs a maintainer's approval first (${approval.requirement}).`,
      ...(approval.detail ? [`An earlier approval does not count: ${approval.detail}.`] : []),
      `A collaborator with write access (or a configured approver) can comment \`/approve\` on a line of its own; Nightshift then removes \`${label}\`. The approval covers the title and body as they read at that moment.`,
    );
  } else if (commands.approval && record.approvedHash) {
    lines.push(
      `✅ Approved by @${commands.approval.by} for the title and body as they read now. An edit by anyone who cannot approve voids the approval.`,
    );
  }
  if (task && commands.held) lines.push("⏸️ On hold: `/unhold` puts it back in the queue.");
  if (notice) lines.push(notice);
  return lines;
}

/**
 * Keeps `needs-approval` and the bot's one status comment true to the issue, rebuilt from the
 * full comment history every time. The comment is edited rather than repeated, and only when
 * its text changes, so a problem is reported once.
 */
export async function syncIssueStatus(
  input: SyncInput,
): Promise<{ label: "added" | "removed" | "unchanged"; state: IssueStatus }> {
  const { github, repo, issue, config } = input;
  const label = config.labels.needsApproval;
  const task = taskFromIssue(repo, issue, config);
  // The author's role (a task's approval rule needs it) is asked while the comments load;
  // `roleOf` remembers it, so `issueStatus` asking again costs nothing.
  const [comments] = await Promise.all([
    input.comments ?? issueComments(github, repo, issue),
    task ? authorRole(issue, input.botLogin, input.roleOf) : undefined,
  ]);
  const state = await issueStatus(issue, comments, input, task);
  const record = input.record ?? state.status?.record ?? EMPTY_RECORD;

  const lines = statusLines(state, record, label, input.notice);
  const body = renderStatusComment(record, lines);
  if (state.status) {
    if (state.status.body !== body) await github.updateComment(repo, state.status.id, body);
  } else if (lines.length > 0 || record.approvedHash) {
    await github.createComment(repo, issue.number, body);
  }

  const needs = state.task !== null && state.approval !== null;
  const hasLabel = issue.labels.includes(label);
  if (needs && !hasLabel) await github.addLabels(repo, issue.number, [label]);
  if (!needs && hasLabel) await github.removeLabel(repo, issue.number, label);
  return {
    label: needs === hasLabel ? "unchanged" : needs ? "added" : "removed",
    state,
  };
}
