import type { RepoRole } from "../github/port.js";
import type { CommentSnapshot } from "../types.js";
import { parseCommands } from "./commands.js";
import { canApprove } from "./roles.js";

export interface ApprovalState {
  approved: boolean;
  /** Login of the approver whose command is in force. */
  by?: string;
  held: boolean;
}

/**
 * Rebuilds approval and hold state from an issue's full comment history, oldest first, so a
 * missed or reordered webhook changes nothing. Only commands by users who may approve count;
 * bots never count.
 */
export async function approvalFromHistory(
  comments: readonly CommentSnapshot[],
  roleOf: (login: string) => Promise<RepoRole>,
): Promise<ApprovalState> {
  const state: ApprovalState = { approved: false, held: false };
  const ordered = [...comments].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  );
  for (const comment of ordered) {
    if (comment.authorType !== "User") continue;
    const commands = parseCommands(comment.body);
    if (commands.length === 0) continue;
    if (!canApprove(await roleOf(comment.author))) continue;
    for (const command of commands) {
      if (command.name === "approve") Object.assign(state, { approved: true, by: comment.author });
      if (command.name === "approve-cancel")
        Object.assign(state, { approved: false, by: undefined });
      if (command.name === "hold") state.held = true;
      if (command.name === "unhold") state.held = false;
    }
  }
  return state;
}
