import type { ChangeLimits, Violation } from "../../runner/accept.js";
import { isGitDirName } from "../../runner/change-entry.js";
import { gitBytes } from "./git-bytes.js";

/** One path a bundled commit changes against the base, as `git diff-tree -r --raw` lists it. */
export interface TreeChange {
  path: string;
  /** The new mode and blob; `000000` and zeros for a deletion. */
  mode: string;
  oid: string;
  /** The blob's size (0 for a deletion). */
  size: number;
}

const BLOB_MODES = new Set(["100644", "100755", "100664", "120000"]);
const DELETED = "000000";

function decodePath(bytes: Buffer): string | null {
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? text : null;
}

/** Paths, modes and blob ids between two commits; paths that are not UTF-8 come back null. */
export async function listTreeChanges(
  gitDir: string,
  base: string,
  commit: string,
): Promise<{ path: string | null; mode: string; oid: string }[]> {
  const out = await gitBytes(gitDir, [
    "diff-tree",
    "-r",
    "-z",
    "--no-renames",
    "--raw",
    base,
    commit,
  ]);
  const fields: Buffer[] = [];
  for (let start = 0; start < out.length;) {
    const end = out.indexOf(0, start);
    fields.push(out.subarray(start, end < 0 ? out.length : end));
    start = end < 0 ? out.length : end + 1;
  }
  const changes = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // ":<old mode> <new mode> <old oid> <new oid> <status>", then the path.
    const [, mode = "", , oid = ""] = (fields[i] ?? Buffer.alloc(0))
      .toString("latin1")
      .slice(1)
      .split(" ");
    changes.push({ path: decodePath(fields[i + 1] ?? Buffer.alloc(0)), mode, oid });
  }
  return changes;
}

/** Blob sizes, by `git cat-file --batch-check`. */
export async function blobSizes(
  gitDir: string,
  oids: readonly string[],
): Promise<Map<string, number>> {
  if (oids.length === 0) return new Map();
  const out = await gitBytes(
    gitDir,
    ["cat-file", `--batch-check=%(objectname) %(objecttype) %(objectsize)`],
    {
      stdin: `${oids.join("\n")}\n`,
    },
  );
  const sizes = new Map<string, number>();
  for (const line of out.toString("utf8").split("\n")) {
    const [oid, type, size] = line.split(" ");
    if (oid !== undefined && type === "blob" && size !== undefined) sizes.set(oid, Number(size));
  }
  return sizes;
}

/** A path no checkout would write: empty, `.` or `..` parts (git never makes such trees). */
const leavesTree = (path: string): boolean =>
  path.split("/").some((part) => part === "" || part === "." || part === "..");

function pathViolation(path: string | null, shown: string): Violation | null {
  if (path === null) return { kind: "invalid-name", path: shown };
  if (path.split("/").some(isGitDirName)) return { kind: "git-dir", path };
  return null;
}

/**
 * What in a bundled commit would make writing it into the worktree unsafe or pointless, in the
 * accept step's words: names git would never check out (`.git`, not UTF-8), submodules
 * and other non-blobs, and the count and byte limits (checked on the blobs' sizes, so nothing
 * too big is ever written). Everything else is left to the accept step, on the written files.
 * A path with `..` (or `.`, or an empty part) is no violation but a forged tree: `leaves`.
 */
export function bundleViolations(
  changes: readonly { path: string | null; mode: string; oid: string }[],
  sizes: ReadonlyMap<string, number>,
  limits: ChangeLimits,
): { violations: Violation[]; entries: TreeChange[]; leaves: boolean } {
  if (changes.some((change) => change.path !== null && leavesTree(change.path))) {
    return { violations: [], entries: [], leaves: true };
  }
  const violations: Violation[] = [];
  const entries: TreeChange[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const change of changes) {
    const shown = change.path ?? "(a name that is not UTF-8)";
    const bad =
      pathViolation(change.path, shown) ??
      (seen.has(shown) ? { kind: "invalid-name" as const, path: shown } : null);
    seen.add(shown);
    if (bad) {
      violations.push(bad);
      continue;
    }
    const path = change.path ?? shown;
    if (change.mode === DELETED) {
      entries.push({ path, mode: DELETED, oid: change.oid, size: 0 });
      continue;
    }
    if (change.mode === "160000") violations.push({ kind: "submodule", path });
    else if (!BLOB_MODES.has(change.mode)) violations.push({ kind: "special-file", path });
    const size = sizes.get(change.oid) ?? 0;
    if (size > limits.maxFileBytes) {
      violations.push({ kind: "file-too-big", path, size, limit: limits.maxFileBytes });
    }
    total += size;
    entries.push({ path, mode: change.mode, oid: change.oid, size });
  }
  if (changes.length > limits.maxFiles) {
    violations.unshift({ kind: "too-many-files", count: changes.length, limit: limits.maxFiles });
  }
  if (total > limits.maxTotalBytes) {
    violations.unshift({ kind: "too-many-bytes", total, limit: limits.maxTotalBytes });
  }
  return { violations, entries, leaves: false };
}
