import { mkdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { gitOk } from "./git-cli.js";

/**
 * The worktree's admin directory (`<mirror>/worktrees/<id>`), read from its `.git` file while
 * the bot still trusts it: right after the worktree was made or checked out, before any agent ran.
 */
export async function readAdminDir(worktree: string, mirrorDir: string): Promise<string> {
  const text = await readFile(join(worktree, ".git"), "utf8");
  const admin = await realpath(resolve(worktree, /^gitdir: (.+)\n?$/.exec(text)?.[1] ?? ""));
  if (dirname(admin) !== join(await realpath(mirrorDir), "worktrees")) {
    throw new Error(`the worktree's .git does not point into its mirror: ${text.trim()}`);
  }
  return admin;
}

/**
 * Puts back what git needs of a worktree, as the bot wrote it, after untrusted code ran there.
 * The agent can write the worktree's `.git` link and its admin directory (HEAD, index, refs,
 * `commondir`): a `commondir` or link pointing elsewhere would make the bot's later git in the
 * worktree read the agent's config (filters, hooks), and a HEAD naming a commit only the
 * sandbox held breaks every later fetch of the mirror. So both are rewritten whole: HEAD at
 * the base commit, an index of the base tree (a kept worktree then shows the agent's change as
 * `git status` would), nothing else.
 */
export async function restoreWorktreeAdmin(input: {
  worktree: string;
  mirrorDir: string;
  adminDir: string;
  baseSha: string;
}): Promise<void> {
  const { worktree, mirrorDir, adminDir, baseSha } = input;
  await rm(adminDir, { recursive: true, force: true });
  await mkdir(adminDir, { recursive: true });
  await Promise.all([
    writeFile(join(adminDir, "HEAD"), `${baseSha}\n`),
    writeFile(join(adminDir, "commondir"), "../..\n"),
    writeFile(join(adminDir, "gitdir"), `${join(worktree, ".git")}\n`),
  ]);
  await rm(join(worktree, ".git"), { recursive: true, force: true });
  await writeFile(join(worktree, ".git"), `gitdir: ${adminDir}\n`);
  await gitOk(["--git-dir", mirrorDir, "read-tree", baseSha], {
    cwd: mirrorDir,
    env: { GIT_INDEX_FILE: join(adminDir, "index") },
  });
}
