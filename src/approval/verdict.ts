import type { CommandState } from "./history.js";
import type { StatusRecord } from "./status-comment.js";

export interface ApprovalFacts {
  /** Why the task needs approval (policy.ts), or null when it does not. */
  requirement: string | null;
  commands: Pick<CommandState, "approval">;
  /** The bot's recorded approval, from its status comment; null when there is none. */
  record: StatusRecord | null;
  /** Hash of the issue's current title and body. */
  textHash: string;
}

export interface ApprovalProblem {
  requirement: string;
  /** Why an `/approve` in the history does not count, when there is one. */
  detail?: string;
}

/**
 * Whether a task may run as far as approval goes. An approval counts only when an accepted
 * `/approve` is in the history AND the bot recorded, when it accepted it, the hash of the text
 * it approved, and that hash is the current text's. When the `/approve` webhook was missed
 * there is no record, and the task waits: an approver comments `/approve` again.
 */
export function approvalProblem(facts: ApprovalFacts): ApprovalProblem | null {
  const { requirement, commands, record, textHash } = facts;
  if (requirement === null) return null;
  if (!commands.approval) return { requirement };
  if (record?.voidedBy && !record.approvedHash) {
    return {
      requirement,
      detail: `the issue was edited by @${record.voidedBy} after it was approved`,
    };
  }
  if (!record?.approvedHash) {
    return {
      requirement,
      detail: "the /approve was not recorded; an approver should comment /approve again",
    };
  }
  if (record.approvedHash !== textHash) {
    return { requirement, detail: "the issue changed after it was approved" };
  }
  return null;
}

/** The problem as one line, e.g. `needs approval (category "feature")`. */
export const describeApprovalProblem = (problem: ApprovalProblem): string =>
  `needs approval (${problem.requirement})${problem.detail ? `: ${problem.detail}` : ""}`;
