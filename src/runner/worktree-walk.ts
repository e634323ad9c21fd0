import type { Stats } from "node:fs";
import { lstat, opendir } from "node:fs/promises";
import { join } from "node:path";
import { isGitDirName } from "./change-entry.js";

/** What the walk found at one path; `stats` is null when the name is not valid UTF-8. */
export interface WalkedPath {
  path: string;
  stats: Stats | null;
}

export interface WalkRules {
  /** Ignored paths, directories ending in `/` (see ignoredPaths). */
  ignored: ReadonlySet<string>;
  /** The base commit's submodules: their directories are reported, never entered. */
  submodules: ReadonlySet<string>;
}

/** lstat that says null for a path gone meanwhile. */
async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Every file, symlink and special file below `root`, without following symlinks, skipping the
 * top-level `.git` link and what git ignores. A nested `.git` and a submodule's directory are
 * reported themselves and not entered. Directories are streamed, so a caller that stops early
 * never reads the rest of a huge one.
 */
export async function* walkWorktree(root: string, rules: WalkRules): AsyncGenerator<WalkedPath> {
  const pending = [""];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for await (const dirent of await opendir(join(root, dir))) {
      const name = dirent.name;
      if (dir === "" && name === ".git") continue;
      const path = dir === "" ? name : `${dir}/${name}`;
      const stats = await lstatOrNull(join(root, path));
      if (stats === null) {
        // Node decodes names as UTF-8; a name that is not cannot be found again by its decoding.
        if (name.includes("\uFFFD")) yield { path, stats: null };
        continue;
      }
      if (isGitDirName(name) || rules.submodules.has(path)) {
        yield { path, stats };
      } else if (stats.isDirectory()) {
        if (!rules.ignored.has(`${path}/`)) pending.push(path);
      } else if (!rules.ignored.has(path)) {
        yield { path, stats };
      }
    }
  }
}
