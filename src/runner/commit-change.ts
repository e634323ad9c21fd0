import { readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { blobId, objectFormatOf, type ObjectFormat } from "./blob-id.js";
import { GIT_MODES, type ChangeEntry } from "./change-entry.js";
import { mirrorGit } from "./mirror-git.js";
import { readRegularFile } from "./safe-read.js";
import { withScratchDir } from "./scratch-dir.js";

export interface CommitIdentity {
  name: string;
  email: string;
}

export interface CommitChangeInput {
  mirrorDir: string;
  /** The worktree whose files the entries describe. */
  dir: string;
  baseSha: string;
  /** A validated change (see validateChange); every non-deleted entry must hold a blob. */
  entries: readonly ChangeEntry[];
  message: string;
  /** Author and committer both. */
  identity: CommitIdentity;
  date: Date;
}

/** Git's internal date format, unambiguous whatever the host's timezone. */
function gitDate(date: Date): string {
  return `@${Math.floor(date.getTime() / 1000)} +0000`;
}

/** What `git commit --cleanup=whitespace` does, which commit-tree does not. */
export function cleanMessage(message: string): string {
  const lines = message.split("\n").map((line) => line.trimEnd());
  const text = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return `${text}\n`;
}

/** A path to stage: its git mode and the blob's bytes (the file's content, or a symlink's target). */
interface Staged {
  path: string;
  mode: string;
  content: Buffer;
}

async function stagedOf(dir: string, entry: ChangeEntry): Promise<Staged> {
  const abs = join(dir, entry.path);
  const { path, kind, size } = entry;
  if (kind === "symlink") {
    return { path, mode: GIT_MODES.symlink, content: await readlink(abs, { encoding: "buffer" }) };
  }
  if (kind === "file" || kind === "executable") {
    const content = await readRegularFile(abs, size);
    if (content.byteLength !== size) throw new Error(`${path} changed since it was read`);
    return { path, mode: GIT_MODES[kind], content };
  }
  throw new Error(`${path} (${kind}) cannot be committed`);
}

/**
 * Has git store each blob from a copy in `scratch`: git then never opens a path in the worktree
 * (where a symlink or a fifo could have been swapped in), and `--no-filters` keeps every
 * attribute, filter and line-ending rule away. Returns the oids, in order.
 */
async function writeBlobs(
  mirrorDir: string,
  scratch: string,
  staged: readonly Staged[],
  format: ObjectFormat,
): Promise<string[]> {
  if (staged.length === 0) return [];
  const copies = staged.map((_, index) => join(scratch, `blob-${index}`));
  await Promise.all(staged.map((item, index) => writeFile(copies[index] ?? "", item.content)));
  const out = await mirrorGit(mirrorDir, ["hash-object", "-w", "--no-filters", "--stdin-paths"], {
    stdin: `${copies.join("\n")}\n`,
  });
  const oids = out.split("\n").filter((line) => line !== "");
  const expected = staged.map((item) => blobId(item.content, format));
  if (oids.length !== expected.length || oids.some((oid, i) => oid !== expected[i])) {
    throw new Error("git stored different bytes than were read");
  }
  return oids;
}

/** `update-index -z --index-info` lines: removals first, so a file may become a directory. */
function indexInfo(
  removed: readonly string[],
  staged: readonly Staged[],
  oids: string[],
  zero: string,
): string {
  const removals = removed.map((path) => `0 ${zero}\t${path}\0`);
  const additions = staged.map((item, i) => `${item.mode} ${oids[i] ?? zero}\t${item.path}\0`);
  return [...removals, ...additions].join("");
}

/**
 * Commits the worktree's files as `entries` describe them, on top of `baseSha`, as data: a
 * temporary index (outside the worktree) loaded from the base tree, the new blobs, the entries
 * staged, a tree and a commit written into the mirror. The worktree's `.git`, index, HEAD and
 * attributes are never read. Returns the new commit's sha; no ref is moved (the caller pushes it).
 */
export async function commitChange(input: CommitChangeInput): Promise<string> {
  const { mirrorDir, dir, baseSha, entries, identity } = input;
  const removed = entries.filter((entry) => entry.change === "deleted").map((entry) => entry.path);
  const staged = await Promise.all(
    entries.filter((entry) => entry.change !== "deleted").map((entry) => stagedOf(dir, entry)),
  );
  return withScratchDir(async (scratch) => {
    const env = { GIT_INDEX_FILE: join(scratch, "index") };
    await mirrorGit(mirrorDir, ["read-tree", baseSha], { env });
    const oids = await writeBlobs(mirrorDir, scratch, staged, objectFormatOf(baseSha));
    await mirrorGit(mirrorDir, ["update-index", "-z", "--index-info"], {
      env,
      stdin: indexInfo(removed, staged, oids, "0".repeat(baseSha.length)),
    });
    const tree = (await mirrorGit(mirrorDir, ["write-tree"], { env })).trim();
    const date = gitDate(input.date);
    const sha = await mirrorGit(
      mirrorDir,
      ["commit-tree", "--no-gpg-sign", tree, "-p", baseSha, "-F", "-"],
      {
        stdin: cleanMessage(input.message),
        env: {
          GIT_AUTHOR_NAME: identity.name,
          GIT_AUTHOR_EMAIL: identity.email,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_NAME: identity.name,
          GIT_COMMITTER_EMAIL: identity.email,
          GIT_COMMITTER_DATE: date,
        },
      },
    );
    return sha.trim();
  });
}
