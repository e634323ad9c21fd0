import type { RepoRole } from "../github/port.js";
import type { CommentSnapshot } from "../types.js";
import { parseCommands } from "./commands.js";
import { commandVerdict } from "./permissions.js";

/** What the accepted commands in an issue's comment history add up to. */
export interface CommandState {
  /** The `/approve` in force (none after a later `/approve cancel`). */
  approval: { by: string; at: string } | null;
  /** When the last accepted `/approve cancel` was written, if any. */
  cancelledAt?: string;
  held: boolean;
  /** Creation times of accepted `/skip` commands. */
  skips: string[];
}

export interface HistoryContext {
  roleOf: (login: string) => Promise<RepoRole>;
  approvers: readonly string[];
}

/** A comment still as it was created: edited comments command nothing. */
const unedited = (comment: CommentSnapshot): boolean =>
  comment.updatedAt === undefined || comment.updatedAt === comment.createdAt;

/**
 * Rebuilds command state from an issue's full comment history, oldest first, so a missed or
 * reordered webhook changes nothing. A command counts only when its author may run it (the
 * same verdict the webhook gives), in a comment by a person that was never edited.
 */
export async function commandState(
  comments: readonly CommentSnapshot[],
  ctx: HistoryContext,
): Promise<CommandState> {
  const state: CommandState = { approval: null, held: false, skips: [] };
  const ordered = [...comments].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  );
  for (const comment of ordered) {
    if (comment.authorType !== "User" || !unedited(comment)) continue;
    const commands = parseCommands(comment.body);
    if (commands.length === 0) continue;
    const who = {
      login: comment.author,
      type: comment.authorType,
      role: await ctx.roleOf(comment.author),
    };
    for (const { name } of commands) {
      if (!commandVerdict(name, who, ctx.approvers).allowed) continue;
      if (name === "approve") state.approval = { by: comment.author, at: comment.createdAt };
      if (name === "approve-cancel") {
        state.approval = null;
        state.cancelledAt = comment.createdAt;
      }
      if (name === "hold") state.held = true;
      if (name === "unhold") state.held = false;
      if (name === "skip") state.skips.push(comment.createdAt);
    }
  }
  return state;
}
