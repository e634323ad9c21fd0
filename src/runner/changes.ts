import { git, gitOk } from "./git-cli.js";
import { assertContained, assertGitLinkIntact, ContainmentError } from "./containment.js";

export { ContainmentError } from "./containment.js";

export interface ChangeOptions {
  /** The worktree's base commit; when given, HEAD must still be there (the agent must not commit). */
  baseSha?: string;
}

export interface CommitInput extends ChangeOptions {
  message: string;
  authorName: string;
  authorEmail: string;
  date?: Date;
}

function splitZ(output: string): string[] {
  return output.split("\0").filter((entry) => entry !== "");
}

/** We created the worktree detached at the base commit; anything else means the agent moved it. */
async function assertHeadUnmoved(dir: string, baseSha: string | undefined): Promise<void> {
  const branch = await git(["symbolic-ref", "-q", "HEAD"], { cwd: dir });
  if (branch.exitCode === 0) {
    throw new ContainmentError(`the agent checked out ${branch.stdout.trim()}`);
  }
  if (baseSha === undefined) return;
  const head = (await gitOk(["rev-parse", "HEAD"], { cwd: dir })).trim();
  if (head !== baseSha) throw new ContainmentError("the agent committed (HEAD moved)");
}

/**
 * Tracked and untracked changes in the worktree, respecting .gitignore. Throws a
 * ContainmentError when a change escapes the worktree (symlink, hard link, `.git`, nested repo).
 */
export async function listChangedFiles(dir: string, opts: ChangeOptions = {}): Promise<string[]> {
  await assertGitLinkIntact(dir);
  await assertHeadUnmoved(dir, opts.baseSha);
  const status = await gitOk(
    ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"],
    { cwd: dir },
  );
  // Each entry is "XY path"; with --no-renames there is never a second path.
  const paths = [...new Set(splitZ(status).map((entry) => entry.slice(3)))].sort();
  await assertContained(dir, paths);
  return paths;
}

/** Git's internal date format, unambiguous whatever the host's timezone. */
function gitDate(date: Date): string {
  return `@${Math.floor(date.getTime() / 1000)} +0000`;
}

/**
 * Stages everything and commits it as the bot (author and committer), hooks off.
 * Returns the new commit's sha, or null when nothing changed.
 */
export async function commitAll(dir: string, input: CommitInput): Promise<string | null> {
  const changed = await listChangedFiles(dir, { baseSha: input.baseSha });
  if (changed.length === 0) return null;
  await gitOk(["add", "--all"], { cwd: dir });
  const staged = splitZ(
    await gitOk(["diff", "--cached", "--name-only", "-z", "--no-renames"], { cwd: dir }),
  );
  if (staged.length === 0) return null;
  await assertContained(dir, staged);

  const identity: Record<string, string> = {
    GIT_AUTHOR_NAME: input.authorName,
    GIT_AUTHOR_EMAIL: input.authorEmail,
    GIT_COMMITTER_NAME: input.authorName,
    GIT_COMMITTER_EMAIL: input.authorEmail,
  };
  if (input.date) {
    identity.GIT_AUTHOR_DATE = gitDate(input.date);
    identity.GIT_COMMITTER_DATE = gitDate(input.date);
  }
  await gitOk(
    ["commit", "--quiet", "--no-verify", "--no-gpg-sign", "--cleanup=whitespace", "--file=-"],
    { cwd: dir, env: identity, stdin: input.message },
  );
  return (await gitOk(["rev-parse", "HEAD"], { cwd: dir })).trim();
}
