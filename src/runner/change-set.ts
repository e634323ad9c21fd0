import type { Stats } from "node:fs";
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { readBaseTree, ignoredPaths, type BaseEntry } from "./base-tree.js";
import { blobId, objectFormatOf, type ObjectFormat } from "./blob-id.js";
import { holdsBlob, kindOfMode, type ChangeEntry, type EntryKind } from "./change-entry.js";
import { hashRegularFile } from "./safe-read.js";
import { walkWorktree, type WalkedPath } from "./worktree-walk.js";

export type { ChangeEntry, ChangeKind, EntryKind } from "./change-entry.js";

export interface CollectInput {
  /** The worktree the agent ran in. */
  dir: string;
  /** The bare mirror that holds the base commit. */
  mirrorDir: string;
  baseSha: string;
  /** The listing stops once more than this many new paths were found. */
  maxFiles: number;
}

export type CollectedChange =
  { kind: "listed"; entries: ChangeEntry[] } | { kind: "too-many-files"; limit: number };

/** What is at a path now, read without following symlinks. */
interface OnDisk {
  kind: EntryKind;
  size: number;
  linkTarget?: Buffer;
  hardLinked: boolean;
}

async function readOnDisk(abs: string, stats: Stats, submodule: boolean): Promise<OnDisk> {
  if (stats.isSymbolicLink()) {
    const target = await readlink(abs, { encoding: "buffer" });
    return { kind: "symlink", size: target.byteLength, linkTarget: target, hardLinked: false };
  }
  if (stats.isFile()) {
    const kind = (stats.mode & 0o100) !== 0 ? "executable" : "file";
    return { kind, size: stats.size, hardLinked: stats.nlink > 1 };
  }
  const kind = submodule && stats.isDirectory() ? "submodule" : "other";
  return { kind, size: 0, hardLinked: false };
}

/** True when the bytes on disk are the base blob's; sizes first, so most edits hash nothing. */
async function sameBytes(
  abs: string,
  disk: OnDisk,
  base: BaseEntry,
  format: ObjectFormat,
): Promise<boolean> {
  if (base.size !== disk.size || !holdsBlob(kindOfMode(base.mode))) return false;
  if (disk.linkTarget !== undefined) return blobId(disk.linkTarget, format) === base.oid;
  return (await hashRegularFile(abs, format)).oid === base.oid;
}

function entry(path: string, disk: OnDisk, fields: Pick<ChangeEntry, "change">): ChangeEntry {
  return {
    path,
    ...fields,
    kind: disk.kind,
    size: holdsBlob(disk.kind) ? disk.size : 0,
    ...(disk.linkTarget === undefined ? {} : { linkTarget: disk.linkTarget.toString("utf8") }),
    hardLinked: disk.hardLinked,
  };
}

/** The entry for one walked path, or null when it matches the base commit. */
async function compare(
  dir: string,
  walked: WalkedPath,
  base: BaseEntry | undefined,
  format: ObjectFormat,
): Promise<ChangeEntry | null> {
  const { path, stats } = walked;
  if (stats === null) {
    const change = base === undefined ? "added" : "modified";
    return { path, change, kind: "other", size: 0, hardLinked: false, invalidName: true };
  }
  const abs = join(dir, path);
  const disk = await readOnDisk(abs, stats, base?.mode === "160000");
  if (base === undefined) return entry(path, disk, { change: "added" });
  const previousKind = kindOfMode(base.mode);
  if (disk.kind === "submodule" && previousKind === "submodule") return null;
  const same = holdsBlob(disk.kind) && (await sameBytes(abs, disk, base, format));
  if (same && disk.kind === previousKind) return null;
  return { ...entry(path, disk, { change: same ? "mode" : "modified" }), previousKind };
}

/**
 * The worktree's files compared with the base commit's tree: what a commit of the worktree
 * would add, change and delete. Git is asked only for the base tree and the ignore rules, both
 * from the mirror; the files are read here, as bytes, so no filter, attribute, index or HEAD the
 * agent wrote changes what is seen. Stops early, with `too-many-files`, past `maxFiles` new paths.
 */
export async function collectChange(input: CollectInput): Promise<CollectedChange> {
  const { dir, mirrorDir, baseSha, maxFiles } = input;
  const format = objectFormatOf(baseSha);
  const [base, ignored] = await Promise.all([
    readBaseTree(mirrorDir, baseSha),
    ignoredPaths(mirrorDir, dir, baseSha),
  ]);
  const submodules = new Set([...base].filter(([, b]) => b.mode === "160000").map(([p]) => p));
  const entries: ChangeEntry[] = [];
  const seen = new Set<string>();
  let added = 0;
  for await (const walked of walkWorktree(dir, { ignored, submodules })) {
    // Two names decoding alike (neither valid UTF-8) must not pass as one path.
    const repeated = seen.has(walked.path);
    seen.add(walked.path);
    const found = await compare(
      dir,
      repeated ? { ...walked, stats: null } : walked,
      base.get(walked.path),
      format,
    );
    if (found === null) continue;
    if (found.change === "added" && ++added > maxFiles) {
      return { kind: "too-many-files", limit: maxFiles };
    }
    entries.push(found);
  }
  for (const [path, was] of base) {
    if (seen.has(path)) continue;
    const kind = kindOfMode(was.mode);
    entries.push({ path, change: "deleted", kind, size: 0, hardLinked: false });
  }
  return { kind: "listed", entries: entries.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}
