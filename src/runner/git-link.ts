import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Throws unless the worktree's `.git` is still the file git wrote: `gitdir: <mirror>/worktrees/<id>`.
 * Checked before git runs inside a recycled worktree, where the link decides which repository
 * (and which files) a `git clean` acts on.
 */
export async function assertGitLinkIntact(dir: string): Promise<void> {
  const link = join(dir, ".git");
  const stat = await lstat(link).catch(() => null);
  if (!stat?.isFile()) throw new Error(".git in the worktree was replaced or removed");
  const text = await readFile(link, "utf8");
  if (!/^gitdir: .+[/\\]worktrees[/\\][^/\\\n]+\n?$/.test(text)) {
    throw new Error(".git in the worktree was modified");
  }
}
