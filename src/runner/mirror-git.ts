import { gitOk } from "./git-cli.js";

export interface MirrorGitOptions {
  /** The worktree to read files or ignore rules from, named explicitly (`--work-tree`). */
  workTree?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

/**
 * Git run against the bare mirror by name (`--git-dir`), never found through a worktree: the
 * worktree's `.git` link, its index and its HEAD are the agent's to rewrite. Replace refs are
 * off because the agent can write `refs/replace/*` into the mirror and so swap the tree git
 * would show for the base commit.
 */
export function mirrorGit(
  mirrorDir: string,
  args: readonly string[],
  opts: MirrorGitOptions = {},
): Promise<string> {
  const workTree = opts.workTree === undefined ? [] : [`--work-tree=${opts.workTree}`];
  return gitOk([`--git-dir=${mirrorDir}`, ...workTree, "--no-replace-objects", ...args], {
    cwd: opts.workTree ?? mirrorDir,
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}
