import { join } from "node:path";
import type { ChangeLimits } from "../../runner/accept.js";
import { collectChange, type ChangeEntry } from "../../runner/change-set.js";
import { commitChange } from "../../runner/commit-change.js";
import { mirrorGit } from "../../runner/mirror-git.js";
import type { Workspace } from "../../runner/workspace.js";
import { BUNDLE_FILE, type ChangeManifest } from "./artifact.js";

/** The ref a job's change travels under in its bundle. */
export const CHANGE_REF = "refs/heads/nightshift-change";

/** Who commits in the job: no one the bot trusts; the bot commits the files again as itself. */
const JOB_IDENTITY = { name: "Nightshift job", email: "nightshift-job@users.noreply.github.com" };

/** What git can carry: a deletion, or a file, executable or symlink under a valid name. */
const representable = (entry: ChangeEntry): boolean =>
  entry.invalidName !== true &&
  (entry.change === "deleted" ||
    entry.kind === "file" ||
    entry.kind === "executable" ||
    entry.kind === "symlink");

/**
 * The job's change as one commit on top of the base, written as a git bundle into `outDir`.
 * It is read from the worktree as data and committed the way the bot commits (no index, HEAD,
 * hooks or filters of the agent's). Judging it is the bot's business: only what git cannot carry
 * at all (too many files, special files, nested repositories) stays behind, and says so.
 */
export async function bundleChange(
  workspace: Pick<Workspace, "dir" | "mirrorDir" | "baseSha">,
  limits: Pick<ChangeLimits, "maxFiles">,
  outDir: string,
  date: Date,
): Promise<ChangeManifest> {
  const collected = await collectChange({ ...workspace, maxFiles: limits.maxFiles });
  if (collected.kind === "too-many-files") {
    return { version: 1, kind: "not-bundled", reason: "too-many-files" };
  }
  const { entries } = collected;
  if (entries.length === 0) return { version: 1, kind: "none" };
  if (!entries.every(representable)) {
    return { version: 1, kind: "not-bundled", reason: "unrepresentable" };
  }
  const commit = await commitChange({
    ...workspace,
    entries,
    message: "Nightshift job change",
    identity: JOB_IDENTITY,
    date,
  });
  const { mirrorDir, baseSha } = workspace;
  await mirrorGit(mirrorDir, ["update-ref", CHANGE_REF, commit]);
  await mirrorGit(mirrorDir, [
    "bundle",
    "create",
    join(outDir, BUNDLE_FILE),
    CHANGE_REF,
    `^${baseSha}`,
  ]);
  return { version: 1, kind: "bundle", base: baseSha, commit };
}
