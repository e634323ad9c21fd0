/**
 * The agent's change as data, read from the worktree's files and the base commit, never from
 * the worktree's git metadata.
 *
 * - entry: one path that differs from the base commit.
 * - change: added (new path), deleted, modified (new content or a new kind of thing) or mode
 *   (same bytes, only git's mode differs: the executable bit, or file ↔ symlink).
 * - kind: what is at the path now (for a deletion: what was there). `other` is anything git
 *   cannot hold as a blob: a fifo, socket or device, or a nested `.git` directory.
 */
export type ChangeKind = "added" | "modified" | "deleted" | "mode";

export type EntryKind = "file" | "executable" | "symlink" | "submodule" | "other";

export interface ChangeEntry {
  /** Relative to the worktree's top, `/`-separated. */
  path: string;
  change: ChangeKind;
  kind: EntryKind;
  /** Bytes of the new content (a symlink's: its target); 0 for a deletion or a special file. */
  size: number;
  /** A symlink's target, as written. */
  linkTarget?: string;
  /** A regular file with more than one name: its content may be shared with any file on the host. */
  hardLinked: boolean;
  /** What the path was in the base commit, for `modified` and `mode`. */
  previousKind?: EntryKind;
  /** The name on disk is not valid UTF-8 (`path` shows it decoded), so git cannot be given it. */
  invalidName?: true;
}

/** Git's mode for a kind that a blob can hold. */
export const GIT_MODES = {
  file: "100644",
  executable: "100755",
  symlink: "120000",
} as const;

/** Kinds whose content is a blob: a file's bytes, or a symlink's target. */
export const holdsBlob = (kind: EntryKind): boolean =>
  kind === "file" || kind === "executable" || kind === "symlink";

export function kindOfMode(mode: string): EntryKind {
  switch (mode) {
    case "100755":
      return "executable";
    case "120000":
      return "symlink";
    case "160000":
      return "submodule";
    default:
      // 100644, and the 100664 of very old trees.
      return mode.startsWith("100") ? "file" : "other";
  }
}

/** `.git` in any case: git treats the variants alike on case-insensitive file systems. */
export const isGitDirName = (name: string): boolean => name.toLowerCase() === ".git";
