import { spawn } from "node:child_process";
import { tmpdir } from "node:os";

/**
 * Plumbing over real bare repositories. Every git process runs with the user's and system's
 * configuration switched off, so hooks, signing or autocrlf settings on the machine cannot change
 * the simulator's commits (and their SHAs stay deterministic).
 */

export const ZERO_SHA = "0000000000000000000000000000000000000000";

export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
    ...extra,
  };
}

export class GitError extends Error {
  override name = "GitError";
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

interface GitOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. 1 from `rev-parse --verify`). */
  okCodes?: number[];
}

/** Runs git with an argv array; resolves with stdout and the exit code. */
export function git(
  gitDir: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<{ stdout: Buffer; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["--git-dir", gitDir, ...args], {
      env: gitEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString();
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) {
        resolve({ stdout: Buffer.concat(out), code });
      } else {
        reject(
          new GitError(
            `git ${args.join(" ")} failed (${code ?? "signal"}): ${stderr.trim()}`,
            code,
            stderr,
          ),
        );
      }
    });
    child.stdin.on("error", () => undefined); // git may exit before reading all input
    child.stdin.end(options.input ?? "");
  });
}

/** stdout of a git command, trimmed. */
export const gitText = async (
  gitDir: string,
  args: readonly string[],
  options?: GitOptions,
): Promise<string> => (await git(gitDir, args, options)).stdout.toString().trim();

/** The commit SHA a ref or revision points at, or null. */
export async function revParse(gitDir: string, rev: string): Promise<string | null> {
  const { stdout, code } = await git(
    gitDir,
    ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`],
    {
      okCodes: [1, 128],
    },
  );
  return code === 0 ? stdout.toString().trim() : null;
}

/** All branch tips: branch name → SHA. */
export async function branches(gitDir: string): Promise<Map<string, string>> {
  const out = await gitText(gitDir, [
    "for-each-ref",
    "--format=%(objectname) %(refname)",
    "refs/heads/",
  ]);
  const result = new Map<string, string>();
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split(" ");
    if (sha && ref) result.set(ref.replace(/^refs\/heads\//, ""), sha);
  }
  return result;
}

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  size: number;
  path: string;
}

/** `ls-tree` of one path (or of a directory's children when `children`). */
export async function lsTree(
  gitDir: string,
  commit: string,
  path: string,
  children = false,
): Promise<TreeEntry[]> {
  const target = path === "" ? [] : [children ? `${path}/` : path];
  const { stdout } = await git(gitDir, [
    "ls-tree",
    "-z",
    "--long",
    "--full-tree",
    commit,
    "--",
    ...target,
  ]);
  return stdout
    .toString()
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode = "", type = "blob", sha = "", size = "-"] = line.slice(0, tab).split(/\s+/);
      return {
        mode,
        type: type as TreeEntry["type"],
        sha,
        size: size === "-" ? 0 : Number(size),
        path: line.slice(tab + 1),
      };
    });
}

export async function readBlob(gitDir: string, sha: string): Promise<Buffer> {
  return (await git(gitDir, ["cat-file", "blob", sha])).stdout;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
  message: string;
}

export async function commitInfo(gitDir: string, sha: string): Promise<CommitInfo> {
  const fmt = ["%H", "%T", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"].join("%x00");
  const out = await gitText(gitDir, ["show", "-s", `--format=${fmt}`, sha]);
  const [h = "", t = "", p = "", an = "", ae = "", ad = "", cn = "", ce = "", cd = "", ...msg] =
    out.split("\0");
  return {
    sha: h,
    tree: t,
    parents: p ? p.split(" ") : [],
    authorName: an,
    authorEmail: ae,
    authorDate: ad,
    committerName: cn,
    committerEmail: ce,
    committerDate: cd,
    message: msg.join("\0").trim(),
  };
}

/** Files a commit added, removed and modified relative to its first parent. */
export async function commitChanges(
  gitDir: string,
  sha: string,
): Promise<{ added: string[]; removed: string[]; modified: string[] }> {
  const out = (
    await git(gitDir, [
      "diff-tree",
      "-r",
      "-z",
      "--root",
      "--no-commit-id",
      "--name-status",
      "-m",
      "--first-parent",
      sha,
    ])
  ).stdout
    .toString()
    .split("\0")
    .filter(Boolean);
  const result = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
  for (let i = 0; i + 1 < out.length; i += 2) {
    const status = out[i] ?? "";
    const file = out[i + 1] ?? "";
    if (status.startsWith("A")) result.added.push(file);
    else if (status.startsWith("D")) result.removed.push(file);
    else result.modified.push(file);
  }
  return result;
}

/** Commits reachable from `head` but not from `base`, oldest first. */
export async function commitsBetween(
  gitDir: string,
  base: string,
  head: string,
): Promise<string[]> {
  const out = await gitText(gitDir, ["rev-list", "--reverse", head, `^${base}`]);
  return out ? out.split("\n") : [];
}

/** Commits reachable from `head` and from none of `exclude`, oldest first, at most `limit`. */
export async function newCommits(
  gitDir: string,
  head: string,
  exclude: string[],
  limit: number,
): Promise<string[]> {
  const out = await gitText(gitDir, [
    "rev-list",
    "--reverse",
    head,
    ...exclude.map((sha) => `^${sha}`),
  ]);
  const all = out ? out.split("\n") : [];
  return all.slice(-limit);
}

/** Line and file counts of a three-dot diff, as GitHub shows on a pull request. */
export async function diffStats(
  gitDir: string,
  base: string,
  head: string,
): Promise<{ additions: number; deletions: number; changedFiles: number }> {
  const mergeBase = await gitText(gitDir, ["merge-base", base, head], { okCodes: [1] });
  if (!mergeBase) return { additions: 0, deletions: 0, changedFiles: 0 };
  const out = await gitText(gitDir, ["diff", "--numstat", mergeBase, head]);
  let additions = 0;
  let deletions = 0;
  let changedFiles = 0;
  for (const line of out.split("\n").filter(Boolean)) {
    const [a = "0", d = "0"] = line.split("\t");
    additions += Number(a) || 0;
    deletions += Number(d) || 0;
    changedFiles += 1;
  }
  return { additions, deletions, changedFiles };
}

/** True when `ancestor` is reachable from `descendant` (a fast-forward). */
export async function isAncestor(
  gitDir: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const { code } = await git(gitDir, ["merge-base", "--is-ancestor", ancestor, descendant], {
    okCodes: [1],
  });
  return code === 0;
}
