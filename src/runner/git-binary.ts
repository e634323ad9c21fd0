import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import { SAFE_PATH, findOnSafePath } from "./safe-path.js";

export interface GitBinaryOptions {
  /** NIGHTSHIFT_GIT: the operator's choice, an absolute path. */
  override?: string | undefined;
  /** Trees agents or repositories write to (the data directory, the working directory). */
  forbiddenRoots: readonly string[];
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

const realOrSelf = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * Why this file (or its directory) could be swapped by someone other than the operator: it lies
 * in a tree agents write, anyone may write it, or the bot's own user may. Root can write
 * everywhere, so for root (CI) only the first two count.
 */
function swappable(path: string, forbiddenRoots: readonly string[]): string | undefined {
  const root = forbiddenRoots.map(realOrSelf).find((dir) => inside(dir, path));
  if (root !== undefined) return `${path} is inside ${root}`;
  for (const target of [path, dirname(path)]) {
    if ((statSync(target).mode & 0o002) !== 0) return `${target} is writable by anyone`;
    if (process.getuid?.() === 0) continue;
    try {
      accessSync(target, constants.W_OK);
      return `${target} is writable by the bot's user`;
    } catch {
      // not writable: good
    }
  }
  return undefined;
}

/** The absolute path of the git to run, checked; throws with the reason when there is none. */
export function resolveGitBinary(options: GitBinaryOptions): string {
  const candidate = options.override ?? findOnSafePath("git");
  if (candidate === undefined) {
    throw new Error(`git is not in ${SAFE_PATH}; set NIGHTSHIFT_GIT to its absolute path`);
  }
  if (!isAbsolute(candidate)) {
    throw new Error(`NIGHTSHIFT_GIT must be an absolute path, not "${candidate}"`);
  }
  let real: string;
  try {
    accessSync(candidate, constants.X_OK);
    real = realpathSync(candidate);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`git at ${candidate} cannot be run: ${why}`);
  }
  for (const path of new Set([candidate, real])) {
    const why = swappable(path, options.forbiddenRoots);
    if (why !== undefined) throw new Error(`refusing git at ${candidate}: ${why}`);
  }
  return real;
}

/** How start-up resolves git: NIGHTSHIFT_GIT or SAFE_PATH, never inside these trees. */
export function gitBinaryOptions(env: NodeJS.ProcessEnv, dataDir?: string): GitBinaryOptions {
  return {
    override: env.NIGHTSHIFT_GIT || undefined,
    forbiddenRoots: [process.cwd(), ...(dataDir === undefined ? [] : [dataDir])],
  };
}

/**
 * The process's one git, chosen at start-up. Module state rather than a parameter because
 * every git command in the bot goes through `git-cli.ts`, and none should pick its own.
 */
let chosen: string | undefined;

/** Start-up: every later git command runs this binary. */
export function useGitBinary(path: string): void {
  chosen = path;
}

/** The git to run: the one chosen at start-up, else resolved now, once (tests, the demo). */
export function gitBinary(): string {
  chosen ??= resolveGitBinary(gitBinaryOptions(process.env));
  return chosen;
}
