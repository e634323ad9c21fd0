import { rm, utimes } from "node:fs/promises";
import type { Logger } from "../types.js";
import { assertGitLinkIntact } from "./containment.js";
import { git, gitOk } from "./git-cli.js";

/**
 * Finished worktrees kept per mirror for reuse. Checking out thousands of files is most of a
 * workspace's cost; a recycled worktree is forced to the new base commit and cleaned of every
 * untracked and ignored file (`git clean -ffdx`), which leaves it exactly as a fresh worktree
 * but rewrites only what changed. A worktree whose `.git` link the agent touched is discarded.
 * Not shared between processes: a restart starts with an empty pool.
 */
export class WorktreePool {
  private readonly idle = new Map<string, string[]>();

  constructor(
    private readonly maxIdlePerMirror: number,
    private readonly logger: Logger,
  ) {}

  /** A recycled worktree of `mirrorDir` reset to `sha`, or null when none is idle. */
  async take(mirrorDir: string, sha: string): Promise<string | null> {
    const dirs = this.idle.get(mirrorDir) ?? [];
    for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
      try {
        await assertGitLinkIntact(dir);
        await gitOk(["checkout", "--quiet", "--force", "--detach", sha], { cwd: dir });
        await gitOk(["clean", "-ffdxq"], { cwd: dir });
        // The sweep of old worktrees goes by the directory's mtime: mark a reused one as new.
        const now = new Date();
        await utimes(dir, now, now);
        return dir;
      } catch (error) {
        this.logger.warn({ dir, err: error }, "recycled worktree unusable; discarding it");
        await discard(mirrorDir, dir);
      }
    }
    return null;
  }

  /** Returns a finished run's worktree; beyond the limit it is removed instead. */
  async give(mirrorDir: string, dir: string): Promise<void> {
    const dirs = this.idle.get(mirrorDir) ?? [];
    if (dirs.includes(dir)) return;
    if (dirs.length >= this.maxIdlePerMirror) {
      await discard(mirrorDir, dir);
      return;
    }
    dirs.push(dir);
    this.idle.set(mirrorDir, dirs);
  }
}

async function discard(mirrorDir: string, dir: string): Promise<void> {
  await git(["worktree", "remove", "--force", dir], { cwd: mirrorDir });
  await rm(dir, { recursive: true, force: true });
  await git(["worktree", "prune"], { cwd: mirrorDir });
}
