/**
 * What one run's sandbox is allowed: the shared types of the sandbox room (a leaf: no imports).
 * A run's agent and its gates run inside the same boundary; only the network differs.
 */

/** Where a sandboxed process may connect. `allow` goes through the bot's egress proxy. */
export type Egress =
  { mode: "none" } | { mode: "open" } | { mode: "allow"; hosts: readonly string[] };

/** A host path shown inside the sandbox at the same path (or at `target`). */
export interface Mount {
  path: string;
  writable: boolean;
  target?: string;
}

export interface SandboxLimits {
  /** RLIMIT_FSIZE: no single file the run writes may grow past this. */
  maxFileBytes: number;
  /** RLIMIT_NPROC: processes of the run's user (enforced only when the bot is not root). */
  maxProcesses: number;
  /** RLIMIT_DATA: the heap and private writable mappings of each process. */
  maxMemoryBytes: number;
  /** Size of the private /tmp and HOME (tmpfs, held in memory). */
  tmpBytes: number;
}

/** Everything the sandbox shows one run. Paths are absolute host paths. */
export interface SandboxSpec {
  /** The run's worktree: the one writable place the bot later reads. */
  worktree: string;
  /** The bare mirror behind the worktree (read-only: its objects, refs and config). */
  mirrorDir: string;
  /** The worktree's own admin directory in the mirror (`worktrees/<id>`; read-write). */
  adminDir: string;
  /** Single files shown read-only at a fixed path inside (the prompt). */
  files: readonly { host: string; target: string }[];
  /** Unix sockets shown inside (the egress proxy's). */
  sockets: readonly { host: string; target: string }[];
  /** Operator-named directories: tool directories (read-only) and per-agent extra mounts. */
  mounts: readonly Mount[];
  egress: Egress;
  limits: SandboxLimits;
}

/** The isolation a host gives its runs, as `doctor`, previews and reports state it. */
export type Isolation =
  | { level: "bubblewrap"; bwrap: string; prlimit: string; version: string; root: boolean }
  | { level: "none"; why: "opted-out" }
  | { level: "unavailable"; reason: string };

/** HOME inside the sandbox: a private tmpfs. */
export const SANDBOX_HOME = "/home/agent";
/** Where single files (the prompt) appear inside the sandbox. */
export const SANDBOX_FILES_DIR = "/run/nightshift";
/** Where git inside the sandbox writes new objects (the mirror's store is read-only there). */
export const SANDBOX_GIT_OBJECTS = "/tmp/.git-objects";
/** Host directories every sandbox shows read-only (see bwrap-args.ts). */
export const SYSTEM_PATH_PREFIXES = [
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
];
