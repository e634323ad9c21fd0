import { rm, utimes } from "node:fs/promises";
import type { Logger } from "../types.js";
import { assertGitLinkIntact } from "./git-link.js";
import { git, gitOk } from "./git-cli.js";

/**
 * Finished worktrees kept per mirror for reuse. Checking out thousands of files is most of a
 * workspace's cost; a recycled worktree is cleaned of every untracked and ignored file
 * (`git clean -ffdx`) and then forced to the new base commit, which leaves it exactly as a fresh
 * worktree but rewrites only what changed. A worktree whose `.git` link the agent touched is
 * discarded. Not shared between processes: a restart starts with an empty pool.
 */
export class WorktreePool {
  private readonly idle = new Map<string, string[]>();

  constructor(
    private readonly maxIdlePerMirror: number,
    private readonly logger: Logger,
  ) {}

  /**
   * An idle worktree of `mirrorDir` with every untracked and ignored file removed, or null when
   * none is idle. Cleaning needs no commit, so the caller may run it while it fetches; it must
   * then `checkout` the worktree (or `give` it back). Never rejects.
   */
  async take(mirrorDir: string): Promise<string | null> {
    const dirs = this.idle.get(mirrorDir) ?? [];
    for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
      try {
        await assertGitLinkIntact(dir);
        // Cleaning before the checkout is as thorough: what the index still tracks but the new
        // commit lacks (a file the agent staged, say) the forced checkout removes.
        await gitOk(["clean", "-ffdxq"], { cwd: dir });
        // The sweep of old worktrees goes by the directory's mtime: mark a reused one as new.
        const now = new Date();
        await utimes(dir, now, now);
        return dir;
      } catch (error) {
        await this.discard(mirrorDir, dir, error);
      }
    }
    return null;
  }

  /** Forces a taken worktree to `sha`; false when it cannot be (it is then removed). */
  async checkout(mirrorDir: string, dir: string, sha: string): Promise<boolean> {
    try {
      await gitOk(["checkout", "--quiet", "--force", "--detach", sha], { cwd: dir });
      return true;
    } catch (error) {
      await this.discard(mirrorDir, dir, error);
      return false;
    }
  }

  /** Returns a finished run's worktree; beyond the limit it is removed instead. */
  async give(mirrorDir: string, dir: string): Promise<void> {
    const dirs = this.idle.get(mirrorDir) ?? [];
    if (dirs.includes(dir)) return;
    if (dirs.length >= this.maxIdlePerMirror) {
      await removeWorktree(mirrorDir, dir);
      return;
    }
    dirs.push(dir);
    this.idle.set(mirrorDir, dirs);
  }

  private async discard(mirrorDir: string, dir: string, error: unknown): Promise<void> {
    this.logger.warn({ dir, err: error }, "recycled worktree unusable; discarding it");
    await removeWorktree(mirrorDir, dir).catch((err: unknown) => {
      this.logger.warn({ dir, err }, "discarding a worktree failed");
    });
  }
}

async function removeWorktree(mirrorDir: string, dir: string): Promise<void> {
  await git(["worktree", "remove", "--force", dir], { cwd: mirrorDir });
  await rm(dir, { recursive: true, force: true });
  await git(["worktree", "prune"], { cwd: mirrorDir });
}
