import { randomBytes, createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "../types.js";
import { git, gitOk } from "./git-cli.js";
import { keyedMutex } from "./mutex.js";
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
  /** Done with the worktree: it is recycled for a later run or removed; safe to call twice. */
  remove(): Promise<void>;
}

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The mirror's whole config, rewritten before every fetch. The agent can write to the mirror
 * (its worktree points there), so anything it planted — `url.*.insteadOf` sending our token
 * elsewhere, filters, hooks paths — is discarded before the bot runs git with a token.
 */
const MIRROR_CONFIG = `[core]
\trepositoryformatversion = 0
\tbare = true
[remote "origin"]
\tfetch = +refs/heads/*:refs/remotes/origin/*
\tfetch = +refs/tags/*:refs/tags/*
[gc]
\tautoDetach = false
`;

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

async function resetMirrorConfig(mirrorDir: string, cloneUrl: string): Promise<void> {
  await writeAtomic(join(mirrorDir, "config"), MIRROR_CONFIG);
  await mkdir(join(mirrorDir, "info"), { recursive: true });
  await writeAtomic(join(mirrorDir, "info", "exclude"), MIRROR_EXCLUDE);
  // `git config` quotes the URL correctly; the stored URL is the plain one, never with a token.
  await gitOk(["config", "remote.origin.url", cloneUrl], { cwd: mirrorDir });
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
   * mirror's worktree metadata. Returns the removed directories' names. `olderThanMs` must exceed
   * the longest run (a running run's worktree is never older than the run).
   */
  sweep(now: Date, olderThanMs: number): Promise<string[]>;
}

/** True when the mirror holds `sha` as a commit. */
async function hasCommit(mirrorDir: string, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40}$/.test(sha)) return false;
  return (await git(["cat-file", "-e", `${sha}^{commit}`], { cwd: mirrorDir })).exitCode === 0;
}

/**
 * The commit a new workspace starts from: the API's head when the mirror already has it (a
 * later run of the same repository in a session fetches nothing), else the default branch's
 * head after a fetch.
 */
async function mirrorHead(mirrorDir: string, input: PrepareInput, log: Logger): Promise<string> {
  if (input.headSha !== undefined && (await hasCommit(mirrorDir, input.headSha))) {
    log.debug({ mirrorDir }, "mirror already has the head; no fetch");
    return input.headSha;
  }
  await resetMirrorConfig(mirrorDir, input.cloneUrl);
  await gitOk(["fetch", "--prune", "--quiet", "origin"], { cwd: mirrorDir, token: input.token });
  log.debug({ mirrorDir }, "mirror fetched");
  const ref = `refs/remotes/origin/${input.defaultBranch}`;
  return (await gitOk(["rev-parse", "--verify", `${ref}^{commit}`], { cwd: mirrorDir })).trim();
}

export function createWorkspaces(opts: WorkspaceOptions): Workspaces {
  const cacheDir = resolve(opts.cacheDir);
  const serialize = keyedMutex();
  const pool = new WorktreePool(opts.maxIdleWorktrees ?? 4, opts.logger);

  async function prepare(input: PrepareInput): Promise<Workspace> {
    const { owner, repo } = splitRepo(input.repoFullName);
    await mkdir(join(cacheDir, "worktrees"), { recursive: true });
    await gitOk(["check-ref-format", "--branch", input.defaultBranch], { cwd: cacheDir });
    const mirrorDir = join(cacheDir, "mirrors", owner, `${repo}.git`);
    const log = opts.logger.child({ repo: input.repoFullName, runId: input.runId });

    let dir = join(cacheDir, "worktrees", runDirName(input.runId));
    const baseSha = await serialize(mirrorDir, async () => {
      if (!existsSync(join(mirrorDir, "HEAD"))) {
        await createMirror(mirrorDir);
        log.info({ mirrorDir }, "mirror created");
      }
      const sha = await mirrorHead(mirrorDir, input, log);
      const recycled = await pool.take(mirrorDir, sha);
      if (recycled) {
        dir = recycled;
        return sha;
      }
      if (existsSync(dir)) {
        log.warn({ dir }, "stale worktree for this run id; replacing it");
        await removeWorktree(mirrorDir, dir);
      }
      await gitOk(["worktree", "add", "--detach", "--quiet", dir, sha], { cwd: mirrorDir });
      return sha;
    });
    log.info({ dir, baseSha }, "workspace ready");
    let released = false;

    return {
      dir,
      baseSha,
      mirrorDir,
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
        await serialize(mirrorDir, () => git(["worktree", "prune"], { cwd: mirrorDir }));
      }
    }
    if (removed.length > 0) opts.logger.info({ removed }, "old workspaces removed");
    return removed;
  }

  return { prepare, sweep };
}
