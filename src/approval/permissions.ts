import type { RepoRole } from "../github/port.js";
import type { CommentSnapshot } from "../types.js";
import { COMMAND_TEXT, type CommandName } from "./commands.js";
import { roleAtLeast } from "./roles.js";

/** The least role each command needs (PRODUCT.md §3). */
export const REQUIRED_ROLE: Record<CommandName, RepoRole> = {
  approve: "write",
  "approve-cancel": "write",
  hold: "write",
  unhold: "write",
  retry: "write",
  skip: "triage",
  plan: "triage",
  fix: "write",
};

export type Verdict = { allowed: true } | { allowed: false; reason: string };

export interface Commander {
  login: string;
  type: CommentSnapshot["authorType"];
  /** From the collaborator permission API; a failed lookup is "none". */
  role: RepoRole;
}

const isApprover = (login: string, approvers: readonly string[]): boolean =>
  approvers.some((approver) => approver.toLowerCase() === login.toLowerCase());

/**
 * May this person run this command? Decided by the permission API's role (never
 * `author_association`) or the configured approvers; bots and apps never command.
 */
export function commandVerdict(
  command: CommandName,
  who: Commander,
  approvers: readonly string[],
): Verdict {
  if (who.type !== "User") return { allowed: false, reason: "bots and apps cannot run commands" };
  const required = REQUIRED_ROLE[command];
  if (roleAtLeast(who.role, required) || isApprover(who.login, approvers)) return { allowed: true };
  return {
    allowed: false,
    reason: `\`${COMMAND_TEXT[command]}\` needs ${required} access to this repository; yours is ${who.role}`,
  };
}

/** May this person's edit of an issue keep its approval? The same rule as `/approve`. */
export const mayApprove = (who: Commander, approvers: readonly string[]): boolean =>
  commandVerdict("approve", who, approvers).allowed;
