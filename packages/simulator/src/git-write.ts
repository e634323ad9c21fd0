import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { ZERO_SHA, git, gitText as text } from "./git.js";

/** Writing to bare repositories: creation, commits built with plumbing, merges, ref moves. */

export interface Identity {
  name: string;
  email: string;
  date: string;
}

const identityEnv = (author: Identity): Record<string, string> => ({
  GIT_AUTHOR_NAME: author.name,
  GIT_AUTHOR_EMAIL: author.email,
  GIT_AUTHOR_DATE: author.date,
  GIT_COMMITTER_NAME: author.name,
  GIT_COMMITTER_EMAIL: author.email,
  GIT_COMMITTER_DATE: author.date,
});

/** Creates an empty bare repository whose HEAD points at `defaultBranch`. */
export async function initBare(gitDir: string, defaultBranch: string): Promise<void> {
  await mkdir(gitDir, { recursive: true });
  await git(gitDir, ["init", "--bare", "--quiet"]);
  await git(gitDir, ["symbolic-ref", "HEAD", `refs/heads/${defaultBranch}`]);
  // Allow pushes over http-backend even without REMOTE_USER, and keep gc out of the way.
  await git(gitDir, ["config", "http.receivepack", "true"]);
  await git(gitDir, ["config", "gc.auto", "0"]);
}

/** Commits a directory or a map of files as one root commit on `branch`. */
export async function commitInitial(
  gitDir: string,
  branch: string,
  files: string | Record<string, string>,
  author: Identity,
): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "nightshift-sim-tree-"));
  const indexDir = await mkdtemp(join(tmpdir(), "nightshift-sim-index-"));
  try {
    if (typeof files === "string") {
      await cp(files, work, {
        recursive: true,
        filter: (src) => !relative(files, src).split(sep).includes(".git"),
      });
    } else {
      for (const [path, content] of Object.entries(files)) {
        const target = join(work, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    // A directory's own .gitignore applies, as it would for a maintainer's first commit.
    const env = { GIT_INDEX_FILE: join(indexDir, "index"), ...identityEnv(author) };
    await git(gitDir, ["--work-tree", work, "add", "--all", "--", "."], { env });
    const tree = await text(gitDir, ["write-tree"], { env });
    const sha = await text(gitDir, ["commit-tree", tree, "-m", "Initial commit"], { env });
    await git(gitDir, ["update-ref", `refs/heads/${branch}`, sha, ZERO_SHA]);
    return sha;
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** Writes `files` (null deletes) on top of `parent` and returns the new commit; no ref is moved. */
export async function commitFiles(
  gitDir: string,
  parent: string,
  files: Record<string, string | null>,
  message: string,
  author: Identity,
): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "nightshift-sim-index-"));
  try {
    // An (empty) work tree: `update-index --force-remove` refuses to run without one.
    const env = {
      GIT_INDEX_FILE: join(work, "index"),
      GIT_WORK_TREE: work,
      ...identityEnv(author),
    };
    await git(gitDir, ["read-tree", parent], { env });
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        await git(gitDir, ["update-index", "--force-remove", "--", path], { env });
      } else {
        const blob = await text(gitDir, ["hash-object", "-w", "--stdin"], { input: content });
        await git(gitDir, ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], {
          env,
        });
      }
    }
    const tree = await text(gitDir, ["write-tree"], { env });
    return await text(gitDir, ["commit-tree", tree, "-p", parent, "-m", message], { env });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A merge commit of `head` into `base` (or null on conflict), using `merge-tree --write-tree`. */
export async function mergeCommit(
  gitDir: string,
  base: string,
  head: string,
  message: string,
  author: Identity,
): Promise<string | null> {
  const { stdout, code } = await git(gitDir, ["merge-tree", "--write-tree", base, head], {
    okCodes: [1],
  });
  if (code !== 0) return null;
  const tree = stdout.toString().split("\n")[0] ?? "";
  return await text(gitDir, ["commit-tree", tree, "-p", base, "-p", head, "-m", message], {
    env: identityEnv(author),
  });
}

/** Moves a branch from `expected` to `sha` atomically (fails if someone else moved it). */
export async function updateBranch(
  gitDir: string,
  branch: string,
  sha: string,
  expected: string,
): Promise<void> {
  await git(gitDir, ["update-ref", `refs/heads/${branch}`, sha, expected]);
}
