import { lstat, readFile, readlink, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/** The agent's changes left the worktree (or touched git's own files): nothing may be committed. */
export class ContainmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContainmentError";
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The worktree's `.git` must still be the file git wrote: `gitdir: <mirror>/worktrees/<id>`. */
export async function assertGitLinkIntact(dir: string): Promise<void> {
  const link = join(dir, ".git");
  const stat = await lstat(link).catch(() => null);
  if (!stat?.isFile()) throw new ContainmentError(".git in the worktree was replaced or removed");
  const text = await readFile(link, "utf8");
  if (!/^gitdir: .+[/\\]worktrees[/\\][^/\\\n]+\n?$/.test(text)) {
    throw new ContainmentError(".git in the worktree was modified");
  }
}

async function assertPathContained(root: string, path: string): Promise<void> {
  if (path.endsWith("/")) {
    throw new ContainmentError(`${path} is a nested git repository`);
  }
  if (path.split("/").some((part) => part.toLowerCase() === ".git")) {
    throw new ContainmentError(`${path} is inside a .git directory`);
  }
  const abs = join(root, path);
  const stat = await lstat(abs).catch(() => null);
  if (stat === null) return; // deleted
  if (stat.isSymbolicLink()) {
    const target = resolve(dirname(abs), await readlink(abs));
    const real = await realpath(abs).catch(() => target); // dangling: judge the literal target
    if (!inside(root, target) || !inside(root, real)) {
      throw new ContainmentError(`${path} is a symlink that points outside the worktree`);
    }
  } else if (stat.isFile() && stat.nlink > 1) {
    // A hard link may share its content with any file on the host; we cannot tell which.
    throw new ContainmentError(`${path} is a hard link`);
  } else if (!stat.isFile() && !stat.isDirectory()) {
    throw new ContainmentError(`${path} is not a regular file`);
  }
}

/** Throws a ContainmentError when any changed path escapes the worktree at `dir`. */
export async function assertContained(dir: string, paths: readonly string[]): Promise<void> {
  const root = await realpath(dir);
  for (const path of paths) await assertPathContained(root, path);
}
