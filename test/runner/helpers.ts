import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { collectChange } from "../../src/runner/change-set.js";
import { commitChange } from "../../src/runner/commit-change.js";
import type { Logger } from "../../src/types.js";

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = "nightshift-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    cleanup: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** Real git, for setting scenes up. */
export function gitSync(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "init.defaultBranch=main", ...args], {
    cwd,
    env: GIT_ENV,
    encoding: "utf8",
  }).trim();
}

/** A bare repository standing in for GitHub, with a working clone to push commits through. */
export interface FakeRemote {
  bare: string;
  url: string;
  /** Commits these files on `main` and pushes; returns the new sha. */
  commit(files: Record<string, string>, message?: string): string;
}

export function createRemote(root: string, name = "origin"): FakeRemote {
  const bare = join(root, `${name}.git`);
  const work = join(root, `${name}-work`);
  gitSync(root, "init", "--bare", "--quiet", bare);
  gitSync(root, "init", "--quiet", work);
  let count = 0;
  const commit = (files: Record<string, string>, message = `commit ${++count}`): string => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), content);
    }
    gitSync(work, "add", "--all");
    gitSync(work, "commit", "--quiet", "-m", message);
    gitSync(work, "push", "--quiet", bare, "HEAD:refs/heads/main");
    return gitSync(work, "rev-parse", "HEAD");
  };
  commit({ "README.md": "# demo\n" }, "initial");
  return { bare, url: `file://${bare}`, commit };
}

export interface LogLine {
  level: string;
  msg: string | undefined;
  obj: object | string;
}

/** A Logger that records every line (children share the record). */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push({ level, msg: typeof obj === "string" ? obj : msg, obj });
    };
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => recordingLogger(lines),
  };
}

/** True when the process exists and is not a zombie (PID 1 here may not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Lists the worktree's change and commits it in the mirror, as the bot does; the new sha. */
export async function commitWorktree(
  ws: { dir: string; mirrorDir: string; baseSha: string },
  message: string,
  identity = { name: "bot", email: "bot@example.com" },
): Promise<string> {
  const collected = await collectChange({ ...ws, maxFiles: 500 });
  if (collected.kind !== "listed" || collected.entries.length === 0) {
    throw new Error("nothing to commit");
  }
  const { entries } = collected;
  return commitChange({ ...ws, entries, message, identity, date: new Date() });
}
