import { join } from "node:path";
import { mirrorGit } from "./mirror-git.js";
import { withScratchDir } from "./scratch-dir.js";

/** One path of the base commit's tree, as `git ls-tree -r -l` lists it. */
export interface BaseEntry {
  /** Git's mode: 100644, 100755, 120000 (symlink) or 160000 (submodule). */
  mode: string;
  oid: string;
  /** The blob's size; null for a submodule (its commit is not in the mirror). */
  size: number | null;
}

const LS_TREE_LINE = /^(\d{6}) \w+ ([0-9a-f]+) +(\d+|-)\t([\s\S]+)$/;

/** Every file of `baseSha`'s tree, read from the mirror (the worktree's index is never read). */
export async function readBaseTree(
  mirrorDir: string,
  baseSha: string,
): Promise<Map<string, BaseEntry>> {
  const out = await mirrorGit(mirrorDir, ["ls-tree", "-r", "-l", "-z", "--full-tree", baseSha]);
  const tree = new Map<string, BaseEntry>();
  for (const line of out.split("\0")) {
    if (line === "") continue;
    const match = LS_TREE_LINE.exec(line);
    if (!match) throw new Error(`unexpected ls-tree line: ${JSON.stringify(line)}`);
    const [, mode = "", oid = "", size = "-", path = ""] = match;
    tree.set(path, { mode, oid, size: size === "-" ? null : Number(size) });
  }
  return tree;
}

/**
 * The untracked paths git ignores in the worktree (its `.gitignore` files, the mirror's
 * `info/exclude`), as the old `git status` respected them; a directory whose whole content is
 * ignored ends in `/`. Git compares against a temporary index built from the base tree, so the
 * agent's index plays no part, and it reads no file content.
 */
export async function ignoredPaths(
  mirrorDir: string,
  dir: string,
  baseSha: string,
): Promise<Set<string>> {
  return withScratchDir(async (scratch) => {
    const env = { GIT_INDEX_FILE: join(scratch, "index") };
    await mirrorGit(mirrorDir, ["read-tree", baseSha], { env });
    const out = await mirrorGit(
      mirrorDir,
      ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
      { env, workTree: dir, timeoutMs: 5 * 60_000 },
    );
    return new Set(out.split("\0").filter((path) => path !== ""));
  });
}
