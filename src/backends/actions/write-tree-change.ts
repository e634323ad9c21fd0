import { constants } from "node:fs";
import { lstat, mkdir, open, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { TreeChange } from "./bundle-entries.js";
import { gitBytes } from "./git-bytes.js";

/** Creates a file without following a symlink or reusing anything at the name. */
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The parent directories of `path` inside `dir`, made where missing; a parent that is anything
 * but a real directory (a symlink above all) stops the write, so nothing lands outside `dir`.
 */
async function parentOf(dir: string, path: string): Promise<string> {
  const parts = path.split("/");
  let current = dir;
  for (const part of parts.slice(0, -1)) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) await mkdir(current);
    else if (!info.isDirectory())
      throw new Error(`a parent of ${JSON.stringify(path)} is not a directory`);
  }
  return join(current, parts.at(-1) ?? "");
}

async function writeBlob(gitDir: string, target: string, change: TreeChange): Promise<void> {
  if (change.mode === "120000") {
    const link = await gitBytes(gitDir, ["cat-file", "blob", change.oid], {
      maxBytes: change.size,
    });
    await symlink(link, target);
    return;
  }
  const handle = await open(target, CREATE, change.mode === "100755" ? 0o755 : 0o644);
  try {
    await gitBytes(gitDir, ["cat-file", "blob", change.oid], { stdoutFd: handle.fd });
    const written = (await handle.stat()).size;
    if (written !== change.size)
      throw new Error(`${JSON.stringify(change.path)} was not written whole`);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a checked list of tree changes into a fresh worktree at the base commit: deletions
 * first (deepest first, so a directory may become a file), then each blob from `gitDir`, as a
 * new file or symlink in place of whatever stood at its name.
 */
export async function writeTreeChanges(
  dir: string,
  gitDir: string,
  changes: readonly TreeChange[],
): Promise<void> {
  const deleted = changes.filter((change) => change.mode === "000000");
  const written = changes.filter((change) => change.mode !== "000000");
  for (const change of [...deleted].sort((a, b) => (a.path < b.path ? 1 : -1))) {
    await rm(await parentOf(dir, change.path), { force: true });
  }
  for (const change of [...written].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const target = await parentOf(dir, change.path);
    await rm(target, { recursive: true, force: true });
    await writeBlob(gitDir, target, change);
  }
}
