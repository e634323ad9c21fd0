import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { git, gitOk, redact } from "../runner/git-cli.js";

export interface PushInput {
  /** The bare mirror whose object store holds the commit (never found through a worktree). */
  mirrorDir: string;
  remoteUrl: string;
  token: string;
  branch: string;
  sha: string;
  /** Overwrite a branch that moved; the caller decides (a branch a human pushed to is not forced). */
  force: boolean;
  /**
   * With `force`: the sha the remote branch must still have (`null`: it must not exist), as
   * checked by the caller with remoteBranchSha. Absent: whatever the remote has right now.
   */
  expectedSha?: string | null;
}

export type PushResult =
  { ok: true } | { ok: false; reason: "rejected" | "error"; message: string };

/**
 * A scratch repository that borrows the run's objects through `alternates`. Git with a token
 * then never reads the worktree's or mirror's config, which the agent could have edited (an
 * `insteadOf` would send the token elsewhere; a hook would read it).
 */
async function withScratchRepo<T>(
  objectsDir: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "nightshift-git-"));
  try {
    await gitOk(["init", "--bare", "--quiet", dir], { cwd: dir });
    await writeFile(join(dir, "objects", "info", "alternates"), `${objectsDir}\n`);
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The mirror's objects, named directly: a worktree's `.git` link is the agent's to rewrite. */
const objectsDirOf = (mirrorDir: string): string => join(resolve(mirrorDir), "objects");

/** With --porcelain, a refused update is a `!` line: non-fast-forward, stale lease, or a hook's no. */
function isRejection(stdout: string, stderr: string): boolean {
  return /^!\t/m.test(stdout) || /\[(?:remote )?rejected\]/.test(stderr);
}

export async function pushBranch(input: PushInput): Promise<PushResult> {
  try {
    await gitOk(["check-ref-format", "--branch", input.branch], { cwd: input.mirrorDir });
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(input.sha))
      throw new Error(`not a sha: ${input.sha}`);
    const ref = `refs/heads/${input.branch}`;
    const expected = input.force
      ? input.expectedSha === undefined
        ? await remoteBranchSha(input)
        : input.expectedSha
      : undefined;
    const lease = expected === undefined ? [] : [`--force-with-lease=${ref}:${expected ?? ""}`];
    const objects = objectsDirOf(input.mirrorDir);
    const result = await withScratchRepo(objects, (scratch) =>
      git(
        ["push", "--porcelain", "--no-verify", ...lease, input.remoteUrl, `${input.sha}:${ref}`],
        {
          cwd: scratch,
          token: input.token,
        },
      ),
    );
    if (result.exitCode === 0) return { ok: true };
    const message = redact(`${result.stdout}\n${result.stderr}`.trim(), input.token).slice(0, 2000);
    return {
      ok: false,
      reason: isRejection(result.stdout, result.stderr) ? "rejected" : "error",
      message,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: "error", message: redact(message, input.token) };
  }
}

/**
 * `refs/heads/*` on the remote matching `pattern` (a glob after `refs/heads/`, e.g.
 * `nightshift/12-*`), as branch name → sha.
 */
export async function remoteBranches(input: {
  remoteUrl: string;
  token: string;
  pattern: string;
}): Promise<Map<string, string>> {
  // Run outside any repository, so no repository config applies to a command carrying the token.
  const dir = await mkdtemp(join(tmpdir(), "nightshift-ls-"));
  try {
    const out = await gitOk(
      ["ls-remote", "--refs", input.remoteUrl, `refs/heads/${input.pattern}`],
      {
        cwd: dir,
        token: input.token,
        env: { GIT_CEILING_DIRECTORIES: resolve(dir, "..") },
      },
    );
    const branches = new Map<string, string>();
    for (const line of out.split("\n")) {
      const [sha, name] = line.split("\t");
      if (sha !== undefined && name?.startsWith("refs/heads/")) {
        branches.set(name.slice("refs/heads/".length), sha);
      }
    }
    return branches;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The sha of `refs/heads/<branch>` on the remote, or null when it does not exist. */
export async function remoteBranchSha(input: {
  remoteUrl: string;
  token: string;
  branch: string;
}): Promise<string | null> {
  const found = await remoteBranches({ ...input, pattern: input.branch });
  return found.get(input.branch) ?? null;
}

export interface CommitAuthor {
  sha: string;
  author: string;
  committer: string;
}

/**
 * The remote `branch`'s tip as fetched now, and its commits that are not on `baseSha` and were
 * not both authored and committed by `identity`: someone else's work, which must never be
 * force-pushed away. The caller leases its push on `tip`, so nothing pushed after this check is lost.
 */
export async function foreignCommits(input: {
  /** The run's mirror: its object store already holds the base. */
  mirrorDir: string;
  remoteUrl: string;
  token: string;
  branch: string;
  baseSha: string;
  identity: { name: string; email: string };
}): Promise<{ tip: string; foreign: CommitAuthor[] }> {
  await gitOk(["check-ref-format", "--branch", input.branch], { cwd: input.mirrorDir });
  const objects = objectsDirOf(input.mirrorDir);
  const bot = `${input.identity.name} <${input.identity.email}>`;
  return withScratchRepo(objects, async (scratch) => {
    await gitOk(
      ["fetch", "--quiet", "--no-tags", input.remoteUrl, `+refs/heads/${input.branch}:refs/check`],
      { cwd: scratch, token: input.token },
    );
    const tip = (
      await gitOk(["rev-parse", "--verify", "refs/check^{commit}"], { cwd: scratch })
    ).trim();
    const out = await gitOk(
      ["log", "--format=%H%x00%an <%ae>%x00%cn <%ce>", "refs/check", "--not", input.baseSha],
      { cwd: scratch },
    );
    const foreign = out
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const [sha = "", author = "", committer = ""] = line.split("\0");
        return { sha, author, committer };
      })
      .filter((commit) => commit.author !== bot || commit.committer !== bot);
    return { tip, foreign };
  });
}
