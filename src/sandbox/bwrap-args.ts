import { join } from "node:path";
import {
  SANDBOX_GIT_OBJECTS,
  SANDBOX_HOME,
  SYSTEM_PATH_PREFIXES,
  type SandboxSpec,
} from "./policy.js";

/** How a host path looks, so system directories that are symlinks (merged /usr) stay symlinks. */
export type PathKind =
  { kind: "missing" } | { kind: "dir" | "file" } | { kind: "symlink"; target: string };

/** System directories shown read-only; everything else of the host is absent. */
export const SYSTEM_DIRS = SYSTEM_PATH_PREFIXES;

/**
 * The parts of /etc programs need to run (the dynamic linker's cache, users and groups for
 * `getpwuid`, name resolution, CA certificates, time zones, Debian's alternatives symlinks).
 * Not /etc as a whole: it holds host secrets and configuration that is none of the run's business.
 */
export const ETC_ENTRIES = [
  "alternatives",
  "ca-certificates",
  "ca-certificates.conf",
  "group",
  "host.conf",
  "hosts",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "localtime",
  "mime.types",
  "nsswitch.conf",
  "os-release",
  "passwd",
  "pki",
  "resolv.conf",
  "ssl",
  "timezone",
];

export interface BwrapInput {
  bwrap: string;
  prlimit: string;
  spec: SandboxSpec;
  /** Whether this command gets the network (`open` egress only; `allow` goes by the proxy). */
  network: boolean;
  /** The command to run inside, as argv (never a shell string). */
  argv: readonly string[];
  pathKind(path: string): PathKind;
}

function systemMounts(input: BwrapInput): string[] {
  const args: string[] = [];
  const paths = [...SYSTEM_DIRS, ...ETC_ENTRIES.map((name) => join("/etc", name))];
  for (const path of paths) {
    const kind = input.pathKind(path);
    if (kind.kind === "symlink") args.push("--symlink", kind.target, path);
    else if (kind.kind !== "missing") args.push("--ro-bind", path, path);
  }
  return args;
}

/**
 * The worktree at its own path (its `.git` file names the admin directory by absolute path),
 * the mirror read-only, and of the mirror's worktree admin directories only the run's own,
 * read-write (git keeps the worktree's HEAD and index there). The mirror's other admin
 * directories are hidden under an empty tmpfs: they name other runs' worktrees.
 */
function gitMounts(spec: SandboxSpec): string[] {
  return [
    "--ro-bind",
    spec.mirrorDir,
    spec.mirrorDir,
    "--tmpfs",
    join(spec.mirrorDir, "worktrees"),
    "--bind",
    spec.adminDir,
    spec.adminDir,
    "--bind",
    spec.worktree,
    spec.worktree,
  ];
}

function operatorMounts(spec: SandboxSpec): string[] {
  const args: string[] = [];
  for (const mount of spec.mounts) {
    args.push(mount.writable ? "--bind" : "--ro-bind", mount.path, mount.target ?? mount.path);
  }
  for (const file of spec.files) args.push("--ro-bind", file.host, file.target);
  // Connecting to a Unix socket needs write access to it.
  for (const socket of spec.sockets) args.push("--bind", socket.host, socket.target);
  return args;
}

/**
 * The full command line: bubblewrap with every namespace new (user, pid, mount, ipc, uts,
 * cgroup, and network unless this command has it), its own /proc and /dev, private /tmp and
 * HOME, and `prlimit` setting the resource limits before the command starts. bubblewrap's
 * `--die-with-parent` and the new pid namespace are what end every process of the run with it:
 * when the command exits, or the bot dies, pid 1 of the namespace dies and the kernel kills the
 * rest, daemons that called `setsid` included.
 */
export function bwrapArgs(input: BwrapInput): string[] {
  const { spec } = input;
  const { limits } = spec;
  return [
    input.bwrap,
    "--unshare-all",
    ...(input.network ? ["--share-net"] : []),
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    ...systemMounts(input),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(limits.tmpBytes),
    "--tmpfs",
    "/tmp",
    // Objects the command's own git writes (`git add`, `git stash`): the mirror is read-only.
    "--dir",
    SANDBOX_GIT_OBJECTS,
    "--size",
    String(limits.tmpBytes),
    "--tmpfs",
    SANDBOX_HOME,
    ...gitMounts(spec),
    ...operatorMounts(spec),
    "--chdir",
    spec.worktree,
    "--",
    input.prlimit,
    `--fsize=${String(limits.maxFileBytes)}`,
    `--nproc=${String(limits.maxProcesses)}`,
    `--data=${String(limits.maxMemoryBytes)}`,
    "--",
    ...input.argv,
  ];
}
