import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChangeLimits, Violation } from "../../runner/accept.js";
import { gitOk } from "../../runner/git-cli.js";
import { withScratchDir } from "../../runner/scratch-dir.js";
import { describeViolations } from "../../runner/violation-text.js";
import type { Workspace } from "../../runner/workspace.js";
import { blobSizes, bundleViolations, listTreeChanges } from "./bundle-entries.js";
import { CHANGE_REF } from "./change-bundle.js";
import { gitBytes } from "./git-bytes.js";
import { writeTreeChanges } from "./write-tree-change.js";

export type AppliedBundle =
  { kind: "applied"; paths: number } | { kind: "refused"; violations: Violation[]; reason: string };

const INCOMING = "refs/nightshift/incoming";

const refused = (reason: string, violations: Violation[] = []): AppliedBundle => ({
  kind: "refused",
  violations,
  reason,
});

/** A bare repository that borrows the mirror's objects: the bundle's objects never enter the mirror. */
async function scratchRepository(scratch: string, mirrorDir: string): Promise<string> {
  const gitDir = join(scratch, "incoming.git");
  await gitOk(["init", "--bare", "--quiet", gitDir], { cwd: scratch });
  await writeFile(join(gitDir, "objects", "info", "alternates"), `${join(mirrorDir, "objects")}\n`);
  return gitDir;
}

/** The parents of a commit, or null when the object is not a commit. */
async function parentsOf(gitDir: string, commit: string): Promise<string[] | null> {
  const out = await gitBytes(gitDir, ["rev-list", "--parents", "-n", "1", commit]).catch(
    () => null,
  );
  return out === null ? null : out.toString("utf8").trim().split(" ").slice(1);
}

/**
 * Puts a job's change into the run's fresh worktree (at the base commit), so that the accept
 * step reads and judges it exactly as it judges a local agent's. The bundle is untrusted: it
 * is fetched into a scratch repository, must hold `commit` with the base as its only parent,
 * and its paths, kinds and sizes are checked before a byte is written (git itself does not
 * check a bundle's trees). A refusal uses the accept step's words where one applies.
 */
export async function applyBundle(input: {
  workspace: Pick<Workspace, "dir" | "mirrorDir" | "baseSha">;
  bundle: Buffer;
  commit: string;
  limits: ChangeLimits;
}): Promise<AppliedBundle> {
  const { workspace } = input;
  return withScratchDir(async (scratch) => {
    const gitDir = await scratchRepository(scratch, workspace.mirrorDir);
    const bundleFile = join(scratch, "change.bundle");
    await writeFile(bundleFile, input.bundle);
    const fetched = await gitBytes(gitDir, [
      "fetch",
      "--quiet",
      "--no-tags",
      bundleFile,
      `+${CHANGE_REF}:${INCOMING}`,
    ]).then(
      () => true,
      () => false,
    );
    if (!fetched) return refused("the change bundle cannot be read against the base commit");
    const tip = (await gitBytes(gitDir, ["rev-parse", "--verify", `${INCOMING}^{commit}`]))
      .toString("utf8")
      .trim();
    const parents = await parentsOf(gitDir, tip);
    if (tip !== input.commit || parents?.length !== 1 || parents[0] !== workspace.baseSha) {
      return refused("the change bundle's commit is not one commit on top of the base commit");
    }
    const changes = await listTreeChanges(gitDir, workspace.baseSha, tip);
    const sizes = await blobSizes(
      gitDir,
      changes.filter((c) => c.mode !== "000000").map((c) => c.oid),
    );
    const { violations, entries, leaves } = bundleViolations(changes, sizes, input.limits);
    if (leaves) return refused("the change bundle holds a path that leaves the repository");
    if (violations.length > 0) {
      return refused(`the change was refused: ${describeViolations(violations)}`, violations);
    }
    await writeTreeChanges(workspace.dir, gitDir, entries);
    return { kind: "applied", paths: entries.length };
  });
}
