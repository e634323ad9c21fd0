import { join } from "node:path";
import type { RepoConfig } from "../config/repo-schema.js";
import { validateChange, type Violation } from "../runner/accept.js";
import { collectChange, type ChangeEntry } from "../runner/change-set.js";
import { readRegularFile } from "../runner/safe-read.js";
import { describeViolations } from "../runner/violation-text.js";
import type { Workspace } from "../runner/workspace.js";

export type AcceptedChange =
  | { kind: "change"; entries: ChangeEntry[] }
  | { kind: "no-change" }
  | { kind: "refused"; violations: Violation[]; reason: string };

/**
 * The agent's change, read from the worktree as data and checked against the repository's
 * limits; nothing is committed here. Run before the gates (a refused change costs no gate time)
 * and again after them, since gates run the agent's code too and what is committed is what
 * the second look saw.
 */
export async function acceptChange(
  workspace: Pick<Workspace, "dir" | "mirrorDir" | "baseSha">,
  limits: RepoConfig["changes"],
): Promise<AcceptedChange> {
  const collected = await collectChange({ ...workspace, maxFiles: limits.maxFiles });
  if (collected.kind === "too-many-files") {
    return refused([{ kind: "too-many-files", limit: collected.limit }]);
  }
  const { entries } = collected;
  if (entries.length === 0) return { kind: "no-change" };
  const read = (path: string) => readRegularFile(join(workspace.dir, path), limits.maxFileBytes);
  const validation = await validateChange(entries, limits, read);
  return validation.ok ? { kind: "change", entries } : refused(validation.violations);
}

function refused(violations: Violation[]): AcceptedChange {
  return {
    kind: "refused",
    violations,
    reason: `the change was refused: ${describeViolations(violations)}`,
  };
}
