import { describe, expect, it } from "vitest";
import { withDashboardApproval } from "../../src/approval/dashboard-approval.js";
import type { CommandState } from "../../src/approval/history.js";
import type { StatusRecord } from "../../src/approval/status-comment.js";
import type { RepoRole } from "../../src/github/port.js";

const HASH = "a".repeat(64);
const tick: StatusRecord = {
  approvedHash: HASH,
  approvedBy: "maya",
  approvedVia: "dashboard",
  approvedAt: "2026-11-02T08:00:00Z",
};
const none: CommandState = { approval: null, held: false, skips: [] };
const ctx = (role: RepoRole, approvers: string[] = []) => ({
  roleOf: () => Promise.resolve(role),
  config: { approvals: { approvers } },
});

describe("a dashboard tick as an approval", () => {
  it.each<[string, CommandState, StatusRecord | undefined, RepoRole, string[], string | null]>([
    ["a writer's tick counts", none, tick, "write", [], "maya"],
    ["a configured approver's tick counts", none, tick, "read", ["Maya"], "maya"],
    ["a tick by someone who lost write access does not", none, tick, "read", [], null],
    ["no record, no approval", none, undefined, "admin", [], null],
    [
      "a /approve record is not a tick",
      none,
      { ...tick, approvedVia: undefined },
      "admin",
      [],
      null,
    ],
    ["a voided approval is none", none, { ...tick, approvedHash: null }, "admin", [], null],
    [
      "an /approve cancel after the tick undoes it",
      { ...none, cancelledAt: "2026-11-02T09:00:00Z" },
      tick,
      "admin",
      [],
      null,
    ],
    [
      "a tick after an /approve cancel counts",
      { ...none, cancelledAt: "2026-11-02T07:00:00Z" },
      tick,
      "admin",
      [],
      "maya",
    ],
    [
      "an /approve in the history wins",
      { ...none, approval: { by: "sam", at: "2026-11-01T00:00:00Z" } },
      tick,
      "admin",
      [],
      "sam",
    ],
  ])("%s", async (_name, history, record, role, approvers, by) => {
    const state = await withDashboardApproval(history, record, ctx(role, approvers));
    expect(state.approval?.by ?? null).toBe(by);
  });
});
