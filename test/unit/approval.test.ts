import { describe, expect, it } from "vitest";
import { approvalFromHistory } from "../../src/approval/history.js";
import { approvalRequirement } from "../../src/approval/policy.js";
import type { RepoRole } from "../../src/github/port.js";
import type { CommentSnapshot } from "../../src/types.js";
import { defaultRepoConfig } from "./helpers.js";

const roles: Record<string, RepoRole> = { maya: "admin", sam: "write", tia: "triage", rob: "read" };
const roleOf = (login: string) => Promise.resolve(roles[login] ?? "none");

let nextId = 1;
const comment = (
  author: string,
  body: string,
  authorType: CommentSnapshot["authorType"] = "User",
): CommentSnapshot => ({
  id: nextId,
  body,
  author,
  authorType,
  createdAt: `2026-11-01T10:00:${String(nextId++).padStart(2, "0")}Z`,
});

describe("approvalRequirement", () => {
  const config = defaultRepoConfig();
  it.each([
    { category: "bug", role: "write", expected: null },
    { category: "docs", role: "admin", expected: null },
    { category: "feature", role: "admin", expected: 'category "feature"' },
    { category: "research", role: "maintain", expected: 'category "research"' },
    { category: undefined, role: "admin", expected: "no category" },
    { category: "bug", role: "triage", expected: "written by someone without write access" },
    { category: "bug", role: "none", expected: "written by someone without write access" },
  ] as const)("$category by $role", ({ category, role, expected }) => {
    expect(approvalRequirement(category, role, config)).toBe(expected);
  });
});

describe("approvalFromHistory", () => {
  it.each([
    { name: "an approver's /approve", comments: [comment("maya", "/approve")], approved: true },
    {
      name: "a write collaborator's /approve",
      comments: [comment("sam", "/approve")],
      approved: true,
    },
    { name: "triage cannot approve", comments: [comment("tia", "/approve")], approved: false },
    { name: "a stranger cannot approve", comments: [comment("eve", "/approve")], approved: false },
    { name: "bots never approve", comments: [comment("sam", "/approve", "Bot")], approved: false },
    {
      name: "cancel withdraws",
      comments: [comment("maya", "/approve"), comment("sam", "/approve cancel")],
      approved: false,
    },
    {
      name: "a later approve wins",
      comments: [comment("maya", "/approve cancel"), comment("sam", "/approve")],
      approved: true,
    },
    {
      name: "a quoted approve does not count",
      comments: [comment("maya", "> /approve")],
      approved: false,
    },
  ])("$name", async ({ comments, approved }) => {
    expect((await approvalFromHistory(comments, roleOf)).approved).toBe(approved);
  });

  it("rebuilds from history whatever order the comments arrive in", async () => {
    const approve = comment("maya", "/approve");
    const cancel = comment("maya", "/approve cancel");
    expect((await approvalFromHistory([cancel, approve], roleOf)).approved).toBe(false);
  });

  it("tracks holds", async () => {
    expect((await approvalFromHistory([comment("sam", "/hold")], roleOf)).held).toBe(true);
    expect(
      (await approvalFromHistory([comment("sam", "/hold"), comment("sam", "/unhold")], roleOf))
        .held,
    ).toBe(false);
    expect((await approvalFromHistory([comment("rob", "/hold")], roleOf)).held).toBe(false);
  });
});
