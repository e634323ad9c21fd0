import type { RepoRole } from "../github/port.js";
import type { CommandState } from "./history.js";
import { mayApprove } from "./permissions.js";
import type { StatusRecord } from "./status-comment.js";

/**
 * A tick on the report issue's dashboard leaves no `/approve` comment on the issue; the bot's
 * status record stands for it instead. It counts as an `/approve` by the person who ticked
 * when the history has none in force, that person may still approve, and no accepted
 * `/approve cancel` came after the tick.
 */
export async function withDashboardApproval(
  history: CommandState,
  record: StatusRecord | undefined,
  ctx: {
    roleOf: (login: string) => Promise<RepoRole>;
    config: { approvals: { approvers: string[] } };
  },
): Promise<CommandState> {
  if (history.approval || record?.approvedVia !== "dashboard") return history;
  const { approvedBy, approvedAt, approvedHash } = record;
  if (!approvedBy || !approvedAt || !approvedHash) return history;
  if (history.cancelledAt !== undefined && history.cancelledAt > approvedAt) return history;
  const who = { login: approvedBy, type: "User" as const, role: await ctx.roleOf(approvedBy) };
  if (!mayApprove(who, ctx.config.approvals.approvers)) return history;
  return { ...history, approval: { by: approvedBy, at: approvedAt } };
}
