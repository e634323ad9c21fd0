import { randomBytes, createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "../types.js";
import { git, gitOk } from "./git-cli.js";
import { keyedMutex } from "./mutex.js";
import { readAdminDir, restoreWorktreeAdmin } from "./worktree-admin.js";
import { WorktreePool } from "./worktree-pool.js";

export interface WorkspaceOptions {
  cacheDir: string;
  logger: Logger;
  /** Finished worktrees kept per repository for reuse (0 turns reuse off). Default 4. */
  maxIdleWorktrees?: number;
}

export interface PrepareInput {
  repoFullName: string;
  cloneUrl: string;
  defaultBranch: string;
  token: string;
  runId: string;
  /** The default branch's head as the API reports it; when the mirror has it, no fetch is needed. */
  headSha?: string;
}

/** A fresh git worktree at the default branch head, backed by a cached bare mirror. */
export interface Workspace {
  dir: string;
  baseSha: string;
  mirrorDir: string;
  /** The worktree's admin directory in the mirror (`worktrees/<id>`), read before any agent ran. */
  adminDir: string;
  /**
   * After untrusted code ran in the worktree: the mirror's config, the worktree's `.git` link
   * and admin directory are put back as the bot wrote them (see worktree-admin.ts).
   */
  reclaim(): Promise<void>;
  /** Done with the worktree: it is recycled for a later run or removed; safe to call twice. */
  remove(): Promise<void>;
}

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The mirror's whole config, rewritten by every prepare before its first git command there. The
 * agent can write to the mirror (its worktree points there), so anything it planted —
 * `url.*.insteadOf` sending our token elsewhere, filters, hooks paths — is discarded before the
 * bot runs git with a token. The URL is the plain one, never with a token.
 */
function mirrorConfig(cloneUrl: string): string {
  return `[core]
\trepositoryformatversion = 0
\tbare = true
[remote "origin"]
\turl = ${configString(cloneUrl)}
\tfetch = +refs/heads/*:refs/remotes/origin/*
\tfetch = +refs/tags/*:refs/tags/*
[gc]
\tautoDetach = false
`;
}

/** A config value in double quotes, which git reads back verbatim (`#`, `;`, spaces included). */
function configString(value: string): string {
  // A newline would end the value; no URL has control characters.
  if (/\p{Cc}/u.test(value)) {
    throw new Error(`invalid clone URL: ${JSON.stringify(value)}`);
  }
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** Agents' scratch files that must never be committed (shared by every worktree of the mirror). */
const MIRROR_EXCLUDE = `.aider*\n`;

function splitRepo(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split("/");
  const valid = (part: string | undefined): part is string =>
    part !== undefined && NAME.test(part) && part !== "." && part !== "..";
  if (rest.length > 0 || !valid(owner) || !valid(repo)) {
    throw new Error(`invalid repository name: ${JSON.stringify(fullName)}`);
  }
  return { owner, repo };
}

/** A directory name for the run: the id itself when safe, else a cleaned id plus a hash. */
function runDirName(runId: string): string {
  if (NAME.test(runId) && !runId.startsWith(".")) return runId;
  const hash = createHash("sha256").update(runId).digest("hex").slice(0, 8);
  return `${runId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80)}-${hash}`;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** Creates the bare mirror in a temporary directory and renames it, so it is never half-made. */
async function createMirror(mirrorDir: string): Promise<void> {
  await mkdir(dirname(mirrorDir), { recursive: true });
  await rm(mirrorDir, { recursive: true, force: true });
  const tmp = `${mirrorDir}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await gitOk(["init", "--bare", "--quiet", tmp], { cwd: dirname(mirrorDir) });
    await rename(tmp, mirrorDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Written whole rather than with `git config`: one git process fewer on every prepare. Read
 * synchronously (two small files) and written only when they differ, since the async round trips
 * would cost more than the reads.
 */
async function resetMirrorConfig(mirrorDir: string, cloneUrl: string): Promise<void> {
  await Promise.all([
    ensureFile(join(mirrorDir, "config"), mirrorConfig(cloneUrl)),
    ensureFile(join(mirrorDir, "info", "exclude"), MIRROR_EXCLUDE),
  ]);
}

/** Makes `file` hold exactly `text`, replacing whatever is there (a symlink included). */
async function ensureFile(file: string, text: string): Promise<void> {
  const info = lstatSync(file, { throwIfNoEntry: false });
  // The size first: a huge file the agent planted is never read.
  const same =
    info?.isFile() === true &&
    info.size === Buffer.byteLength(text) &&
    readFileSync(file, "utf8") === text;
  if (same) return;
  await mkdir(dirname(file), { recursive: true });
  await writeAtomic(file, text);
}

async function removeWorktree(mirrorDir: string, dir: string): Promise<void> {
  if (existsSync(mirrorDir)) {
    await git(["worktree", "remove", "--force", dir], { cwd: mirrorDir });
  }
  await rm(dir, { recursive: true, force: true });
  if (existsSync(mirrorDir)) await git(["worktree", "prune"], { cwd: mirrorDir });
}

export interface Workspaces {
  prepare(input: PrepareInput): Promise<Workspace>;
  /**
   * Removes worktrees kept from failed runs once untouched for `olderThanMs`, then prunes every
   * mirror's worktree metadata and runs its housekeeping (`git gc --auto`). Returns the removed
   * directories' names. `olderThanMs` must exceed the longest run (a running run's worktree is
   * never older than the run).
   */
  sweep(now: Date, olderThanMs: number): Promise<string[]>;
}

const SHA = /^[0-9a-f]{40}$/;

/** True when the mirror holds `sha` as a commit. */
async function hasCommit(mirrorDir: string, sha: string): Promise<boolean> {
  return (await git(["cat-file", "-e", `${sha}^{commit}`], { cwd: mirrorDir })).exitCode === 0;
}

/**
 * Housekeeping (`git gc --auto`) is left to the sweep: after a fetch it would block the run, for
 * minutes on a big repository when a gc is due.
 */
const FETCH = ["fetch", "--prune", "--quiet", "--no-auto-maintenance", "origin"];

/**
 * A fetch of the API's head `sha` as the default branch (as actions/checkout does): the base is
 * then known without a `rev-parse`, and the fetch fails unless it brought it. The session's
 * first fetch of a mirror also brings every other branch and tag (gates may run `git describe`)
 * and prunes deleted ones; later ones bring that commit alone, which skips listing the remote's
 * refs: one round trip fewer, and none of the branches' objects.
 */
function pinnedFetch(defaultBranch: string, sha: string, everything: boolean): string[] {
  const base = `+${sha}:refs/remotes/origin/${defaultBranch}`;
  if (everything) {
    const others = ["+refs/heads/*:refs/remotes/origin/*", `^refs/heads/${defaultBranch}`];
    return [...FETCH, base, ...others, "+refs/tags/*:refs/tags/*"];
  }
  return ["fetch", "--quiet", "--no-tags", "--no-auto-maintenance", "origin", base];
}

/**
 * The commit a new workspace starts from: the API's head, else (none given, or the remote would
 * not serve it) the default branch's head after a fetch. The session's first look at a mirror
 * fetches nothing when the mirror has the head; later ones fetch that commit alone, which git
 * does without the network when the mirror has it: one git process either way. `refreshed`
 * holds the mirrors whose branches and tags were fetched in this session.
 */
async function mirrorHead(
  mirrorDir: string,
  input: PrepareInput,
  log: Logger,
  refreshed: Set<string>,
): Promise<string> {
  const apiHead = input.headSha !== undefined && SHA.test(input.headSha) ? input.headSha : null;
  if (apiHead !== null) {
    const everything = !refreshed.has(mirrorDir);
    if (everything && (await hasCommit(mirrorDir, apiHead))) {
      log.debug({ mirrorDir }, "mirror already has the head; no fetch");
      return apiHead;
    }
    const args = pinnedFetch(input.defaultBranch, apiHead, everything);
    const pinned = await git(args, { cwd: mirrorDir, token: input.token });
    if (pinned.exitCode === 0) {
      if (everything) refreshed.add(mirrorDir);
      log.debug({ mirrorDir, everything }, "mirror fetched");
      return apiHead;
    }
    // The API and git disagree (replication lag, a force push): go by the branch itself.
    log.warn({ mirrorDir, stderr: pinned.stderr }, "fetching the API's head failed");
  }
  await gitOk(FETCH, { cwd: mirrorDir, token: input.token });
  refreshed.add(mirrorDir);
  log.debug({ mirrorDir, everything: true }, "mirror fetched");
  const ref = `refs/remotes/origin/${input.defaultBranch}`;
  return (await gitOk(["rev-parse", "--verify", `${ref}^{commit}`], { cwd: mirrorDir })).trim();
}

export function createWorkspaces(opts: WorkspaceOptions): Workspaces {
  const cacheDir = resolve(opts.cacheDir);
  const serialize = keyedMutex();
  const pool = new WorktreePool(opts.maxIdleWorktrees ?? 4, opts.logger);
  /** Branch names `git check-ref-format` accepted: one git process fewer per later prepare. */
  const validBranches = new Set<string>();
  /** Mirrors whose branches and tags this session fetched (a factory serves one session). */
  const refreshed = new Set<string>();

  async function checkBranchName(branch: string): Promise<void> {
    if (validBranches.has(branch)) return;
    await mkdir(cacheDir, { recursive: true });
    await gitOk(["check-ref-format", "--branch", branch], { cwd: cacheDir });
    validBranches.add(branch);
  }

  /**
   * The base commit, and an idle worktree (or null) cleaned meanwhile: cleaning needs no
   * commit, so it runs while the mirror is checked and fetched.
   */
  async function headAndIdle(
    mirrorDir: string,
    input: PrepareInput,
    log: Logger,
  ): Promise<{ sha: string; idle: string | null }> {
    const [head, taken] = await Promise.allSettled([
      mirrorHead(mirrorDir, input, log, refreshed),
      pool.take(mirrorDir),
    ]);
    const idle = taken.status === "fulfilled" ? taken.value : null;
    if (head.status === "rejected") {
      if (idle !== null) await pool.give(mirrorDir, idle);
      throw head.reason;
    }
    return { sha: head.value, idle };
  }

  async function prepare(input: PrepareInput): Promise<Workspace> {
    const { owner, repo } = splitRepo(input.repoFullName);
    await checkBranchName(input.defaultBranch);
    const mirrorDir = join(cacheDir, "mirrors", owner, `${repo}.git`);
    const log = opts.logger.child({ repo: input.repoFullName, runId: input.runId });

    let dir = join(cacheDir, "worktrees", runDirName(input.runId));
    const baseSha = await serialize(mirrorDir, async () => {
      if (!existsSync(join(mirrorDir, "HEAD"))) {
        await createMirror(mirrorDir);
        refreshed.delete(mirrorDir);
        log.info({ mirrorDir }, "mirror created");
      }
      await resetMirrorConfig(mirrorDir, input.cloneUrl);
      const { sha, idle } = await headAndIdle(mirrorDir, input, log);
      if (idle !== null && (await pool.checkout(mirrorDir, idle, sha))) {
        dir = idle;
        return sha;
      }
      if (existsSync(dir)) {
        log.warn({ dir }, "stale worktree for this run id; replacing it");
        await removeWorktree(mirrorDir, dir);
      }
      await mkdir(dirname(dir), { recursive: true });
      await gitOk(["worktree", "add", "--detach", "--quiet", dir, sha], { cwd: mirrorDir });
      return sha;
    });
    log.info({ dir, baseSha }, "workspace ready");
    let released = false;
    const adminDir = await readAdminDir(dir, mirrorDir);

    return {
      dir,
      baseSha,
      mirrorDir,
      adminDir,
      reclaim: () =>
        serialize(mirrorDir, async () => {
          await resetMirrorConfig(mirrorDir, input.cloneUrl);
          await restoreWorktreeAdmin({ worktree: dir, mirrorDir, adminDir, baseSha });
        }),
      remove: () => {
        // Once only: a second call must not hand back a worktree another run now holds.
        if (released) return Promise.resolve();
        released = true;
        return serialize(mirrorDir, () => pool.give(mirrorDir, dir));
      },
    };
  }

  async function sweep(now: Date, olderThanMs: number): Promise<string[]> {
    const worktrees = join(cacheDir, "worktrees");
    const names = await readdir(worktrees).catch(() => []);
    const removed: string[] = [];
    for (const name of names) {
      const dir = join(worktrees, name);
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory() || now.getTime() - info.mtimeMs < olderThanMs) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(name);
    }
    const owners = await readdir(join(cacheDir, "mirrors")).catch(() => []);
    for (const owner of owners) {
      const repos = await readdir(join(cacheDir, "mirrors", owner)).catch(() => []);
      for (const repo of repos.filter((name) => name.endsWith(".git"))) {
        const mirrorDir = join(cacheDir, "mirrors", owner, repo);
        await serialize(mirrorDir, async () => {
          await git(["worktree", "prune"], { cwd: mirrorDir });
          // The housekeeping fetches leave out (`--no-auto-maintenance`). Not `maintenance run`:
          // tasks the agent may have configured there (a prefetch) must not run. A planted
          // `pre-auto-gc` hook does not either: `git()` runs every command with hooks off.
          await git(["gc", "--auto", "--quiet"], { cwd: mirrorDir });
        });
      }
    }
    if (removed.length > 0) opts.logger.info({ removed }, "old workspaces removed");
    return removed;
  }

  return { prepare, sweep };
}
