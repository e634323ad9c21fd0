import { existsSync } from "node:fs";
import { open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gitOk } from "../runner/git-cli.js";

export interface FixLimits {
  /** Logs older than this are deleted. */
  logMaxAgeDays: number;
  /** Logs bigger than this are rotated: the tail is kept, the rest dropped. */
  logRotateBytes: number;
  /** Worktrees (kept after failed runs for diagnosis) older than this are pruned. */
  workspaceMaxAgeDays: number;
}

export const DEFAULT_FIX_LIMITS: FixLimits = {
  logMaxAgeDays: 30,
  logRotateBytes: 10 * 1024 * 1024,
  workspaceMaxAgeDays: 7,
};

const DAY_MS = 86_400_000;
const KEEP_TAIL_BYTES = 1024 * 1024;

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Keeps the last megabyte of a log, marked as rotated, written atomically. */
async function rotate(file: string, size: number): Promise<void> {
  const handle = await open(file, "r");
  try {
    const tail = Buffer.alloc(KEEP_TAIL_BYTES);
    const { bytesRead } = await handle.read(tail, 0, KEEP_TAIL_BYTES, size - KEEP_TAIL_BYTES);
    const note = `[nightshift: log rotated, ${size - bytesRead} earlier bytes dropped]\n`;
    await writeFile(
      `${file}.rotating`,
      Buffer.concat([Buffer.from(note), tail.subarray(0, bytesRead)]),
    );
  } finally {
    await handle.close();
  }
  await rename(`${file}.rotating`, file);
}

/**
 * The safe fixes of PRODUCT.md §4: delete old logs, rotate big ones, prune old worktrees (and
 * git's records of them). Returns one line per fix, for the report. Never touches anything
 * outside the data directory.
 */
export async function applySafeFixes(
  dataDir: string,
  now: Date,
  limits: FixLimits = DEFAULT_FIX_LIMITS,
): Promise<string[]> {
  const fixed: string[] = [];
  let deleted = 0;
  let rotated = 0;
  for (const file of await filesUnder(join(dataDir, "logs"))) {
    const info = await stat(file);
    if (now.getTime() - info.mtimeMs > limits.logMaxAgeDays * DAY_MS) {
      await rm(file, { force: true });
      deleted += 1;
    } else if (info.size > limits.logRotateBytes) {
      await rotate(file, info.size);
      rotated += 1;
    }
  }
  if (deleted > 0) fixed.push(`deleted ${deleted} logs older than ${limits.logMaxAgeDays} days`);
  if (rotated > 0) fixed.push(`rotated ${rotated} logs over ${limits.logRotateBytes} bytes`);

  const worktrees = join(dataDir, "worktrees");
  let pruned = 0;
  if (existsSync(worktrees)) {
    for (const entry of await readdir(worktrees, { withFileTypes: true })) {
      const dir = join(worktrees, entry.name);
      const info = await stat(dir);
      if (now.getTime() - info.mtimeMs > limits.workspaceMaxAgeDays * DAY_MS) {
        await rm(dir, { recursive: true, force: true });
        pruned += 1;
      }
    }
  }
  if (pruned > 0) {
    await pruneWorktreeRecords(join(dataDir, "mirrors"));
    fixed.push(`pruned ${pruned} workspaces older than ${limits.workspaceMaxAgeDays} days`);
  }
  return fixed;
}

async function pruneWorktreeRecords(mirrors: string): Promise<void> {
  if (!existsSync(mirrors)) return;
  for (const owner of await readdir(mirrors)) {
    for (const repo of await readdir(join(mirrors, owner))) {
      // The bot's git: the mirror's hooks and config are the agent's to write, never to run.
      await gitOk(["worktree", "prune"], { cwd: join(mirrors, owner, repo) });
    }
  }
}

/** Bytes under a directory (0 when it does not exist). */
export async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const file of await filesUnder(dir)) total += (await stat(file)).size;
  return total;
}
