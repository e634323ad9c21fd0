import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { IssueSnapshot, RepoRef } from "../types.js";
import { mayApprove, type Commander } from "./permissions.js";
import { findStatusComment } from "./status-comment.js";
import { issueComments, syncIssueStatus } from "./sync.js";
import { issueTextHash } from "./text-hash.js";

export interface IssueEditInput {
  github: GitHubPort;
  repo: RepoRef;
  /** The issue as re-read from the API. */
  issue: IssueSnapshot;
  /** The title and body the edit produced (the webhook's copy). */
  editedText: Pick<IssueSnapshot, "title" | "body">;
  editor: Commander;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  botLogin: string | undefined;
}

/**
 * An issue's title or body changed. An approval is bound to the text it saw: an edit by
 * someone who cannot approve voids it (and the bot says so); an approver's edit carries the
 * approval over to the text they wrote.
 */
export async function handleIssueEdit(input: IssueEditInput): Promise<"voided" | "kept" | "none"> {
  const { github, repo, issue, editor } = input;
  // Listed once: the sync below works from the same list.
  const comments = await issueComments(github, repo, issue);
  const recorded = findStatusComment(comments, input.botLogin)?.record;
  if (!recorded?.approvedHash) {
    await syncIssueStatus({ ...input, comments });
    return "none";
  }
  if (mayApprove(editor, input.config.approvals.approvers)) {
    await syncIssueStatus({
      ...input,
      comments,
      record: {
        // An approval given on the dashboard stays one: there is no `/approve` behind it.
        ...(recorded.approvedVia ? { approvedVia: recorded.approvedVia } : {}),
        ...(recorded.approvedAt ? { approvedAt: recorded.approvedAt } : {}),
        approvedHash: issueTextHash(input.editedText),
        approvedBy: editor.login,
      },
    });
    return "kept";
  }
  await syncIssueStatus({
    ...input,
    comments,
    record: { approvedHash: null, voidedBy: editor.login },
    notice: `✋ @${editor.login} edited this issue after it was approved and cannot approve, so the approval no longer holds. An approver can comment \`/approve\` to approve the new text.`,
  });
  return "voided";
}
