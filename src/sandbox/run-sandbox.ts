import { constants } from "node:os";
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { bwrapArgs, type PathKind } from "./bwrap-args.js";
import type { RunEgress } from "./run-egress.js";
import {
  SANDBOX_FILES_DIR,
  SANDBOX_GIT_OBJECTS,
  SANDBOX_HOME,
  type Egress,
  type Isolation,
  type Mount,
  type SandboxLimits,
  type SandboxSpec,
} from "./policy.js";

/** A command ready for `runProcess`: argv and its complete environment. */
export interface Command {
  argv: string[];
  env: Record<string, string>;
}

/** One run's boundary: the agent and every gate of the run go through `command`. */
export interface RunSandbox {
  isolation: Isolation;
  /** The prompt file's path as the command sees it. */
  promptPath: string;
  /** The worktree's path as the command sees it (the same path inside and out). */
  worktree: string;
  /** Wraps a command; `network` true gives it the run's egress, false none at all. */
  command(argv: readonly string[], env: Record<string, string>, network: boolean): Command;
  /** The command's own exit, as the sandbox reports it (see `exitThroughSandbox`). */
  exit<T extends Exit>(result: T): T;
}

interface Exit {
  exitCode: number | null;
  signal: string | null;
}

const SIGNAL_NAMES = new Map(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

/**
 * bubblewrap's init exits with 128 + n when the command died of signal n (like a shell), so a
 * sandboxed crash would read as "exited with 139": turn that back into the signal.
 */
export function exitThroughSandbox<T extends Exit>(result: T): T {
  const code = result.exitCode;
  if (code === null || code <= 128) return result;
  const signal = SIGNAL_NAMES.get(code - 128);
  return signal === undefined ? result : { ...result, exitCode: null, signal };
}

/**
 * The sandbox cannot be built for this run. `message` is fit for GitHub (it names no host
 * path); `hostPath`, when there is one, goes to the bot's log only.
 */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly hostPath?: string,
  ) {
    super(message);
    this.name = "SandboxError";
  }
}

export interface RunSandboxInput {
  isolation: Isolation;
  worktree: string;
  mirrorDir: string;
  /** The worktree's admin directory in the mirror, as the bot read it before any agent ran. */
  adminDir: string;
  promptFile: string;
  mounts: readonly Mount[];
  egress: Egress;
  limits: SandboxLimits;
  /** Host paths no mount may contain (the data directory, the bot's working directory). */
  private: readonly string[];
  /** The data directory: no mount may lie inside it either (other runs' worktrees, the journal). */
  dataDir: string;
  /** The run's egress proxy and bridge, for `allow` egress (see run-egress.ts). */
  proxy?: RunEgress;
}

function pathKind(path: string): PathKind {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (info === undefined) return { kind: "missing" };
  if (info.isSymbolicLink()) return { kind: "symlink", target: readlinkSync(path) };
  return { kind: info.isDirectory() ? "dir" : "file" };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * A mount may not show the bot's own files: a tool directory that contains the data directory
 * (every run's worktree, the journal, the logs) or the bot's working directory (`.env`, the key)
 * would undo the sandbox.
 */
function checkMounts(
  mounts: readonly Mount[],
  privatePaths: readonly string[],
  dataDir: string,
): void {
  for (const mount of mounts) {
    if (!isAbsolute(mount.path)) {
      throw new SandboxError("a sandbox mount is not an absolute path", mount.path);
    }
    const real = existingRealPath(mount.path);
    if (inside(dataDir, real)) {
      throw new SandboxError("a sandbox mount lies inside the data directory", mount.path);
    }
    for (const path of privatePaths) {
      if (inside(real, path)) {
        throw new SandboxError(
          `a sandbox mount would show the bot's own files (${basename(path)}); name a narrower directory`,
          mount.path,
        );
      }
    }
  }
}

function existingRealPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new SandboxError("a sandbox mount does not exist on this host", path);
  }
}

function sandboxedEnv(
  env: Record<string, string>,
  spec: SandboxSpec,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    ...env,
    HOME: SANDBOX_HOME,
    TMPDIR: "/tmp",
    // The mirror is read-only inside: git run by the agent writes new objects to its own /tmp.
    GIT_OBJECT_DIRECTORY: SANDBOX_GIT_OBJECTS,
    GIT_ALTERNATE_OBJECT_DIRECTORIES: join(spec.mirrorDir, "objects"),
    ...extra,
  };
}

/** Builds the run's sandbox; throws a SandboxError when the host cannot give one. */
export function openRunSandbox(input: RunSandboxInput): RunSandbox {
  const { isolation } = input;
  if (isolation.level === "unavailable") {
    throw new SandboxError(`the sandbox is unavailable: ${isolation.reason}`);
  }
  if (isolation.level === "none") {
    return {
      isolation,
      promptPath: input.promptFile,
      worktree: input.worktree,
      command: (argv, env) => ({ argv: [...argv], env }),
      exit: (result) => result,
    };
  }
  const dataDir = realpathSync(input.dataDir);
  const privatePaths = [dataDir, ...input.private.map((path) => resolve(path))];
  checkMounts(input.mounts, privatePaths, dataDir);
  const worktree = realpathSync(input.worktree);
  const mirrorDir = realpathSync(input.mirrorDir);
  const promptPath = join(SANDBOX_FILES_DIR, "prompt.md");
  const { proxy } = input;
  const bridged = input.egress.mode === "allow" && proxy !== undefined;
  const spec: SandboxSpec = {
    worktree,
    mirrorDir,
    adminDir: input.adminDir,
    files: [{ host: input.promptFile, target: promptPath }],
    sockets: bridged ? [proxy.socket] : [],
    mounts: [...input.mounts, ...(bridged ? proxy.mounts : [])],
    egress: input.egress,
    limits: input.limits,
  };
  return {
    isolation,
    promptPath,
    worktree,
    exit: exitThroughSandbox,
    command: (argv, env, network) => ({
      argv: bwrapArgs({
        bwrap: isolation.bwrap,
        prlimit: isolation.prlimit,
        spec,
        network: network && input.egress.mode === "open",
        argv: network && bridged ? proxy.wrap(argv) : argv,
        pathKind,
      }),
      env: sandboxedEnv(env, spec, network && bridged ? proxy.env : {}),
    }),
  };
}
