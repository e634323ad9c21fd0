import { execFile } from "node:child_process";
import { findOnSafePath, SAFE_PATH } from "../runner/safe-path.js";
import type { Isolation } from "./policy.js";

export type SandboxMode = "bubblewrap" | "none";

function run(argv: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    execFile(
      program ?? "",
      args,
      { env: { PATH: SAFE_PATH }, timeout: 10_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        resolve({ ok: error === null, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

/**
 * What isolation this host gives its runs. `bubblewrap` is proven by starting one sandbox with
 * every namespace new; when that fails the answer is `unavailable` with bubblewrap's words, and
 * runs refuse to start: Nightshift never falls back to running agents unsandboxed on its own.
 */
export async function probeIsolation(mode: SandboxMode): Promise<Isolation> {
  if (mode === "none") return { level: "none", why: "opted-out" };
  const bwrap = findOnSafePath("bwrap");
  if (bwrap === undefined) {
    return {
      level: "unavailable",
      reason:
        "bubblewrap (bwrap) is not installed; install it (Debian: apt-get install bubblewrap)",
    };
  }
  const prlimit = findOnSafePath("prlimit");
  if (prlimit === undefined) {
    return { level: "unavailable", reason: "prlimit (util-linux) is not installed" };
  }
  const tried = await run([
    bwrap,
    "--unshare-all",
    "--die-with-parent",
    "--ro-bind",
    "/",
    "/",
    "true",
  ]);
  if (!tried.ok) {
    return {
      level: "unavailable",
      reason: `bubblewrap cannot create namespaces here (${tried.output.slice(0, 300) || "no output"}); a container needs unprivileged user namespaces (see docs/security.md)`,
    };
  }
  const version = (await run([bwrap, "--version"])).output.replace(/^bubblewrap\s*/, "");
  const root = process.getuid?.() === 0;
  return { level: "bubblewrap", bwrap, prlimit, version, root };
}

let cached: Promise<Isolation> | undefined;
let cachedMode: SandboxMode | undefined;

/** The probe, once per process and mode (a host's answer does not change while the bot runs). */
export function hostIsolation(mode: SandboxMode): Promise<Isolation> {
  if (cached === undefined || cachedMode !== mode) {
    cached = probeIsolation(mode);
    cachedMode = mode;
  }
  return cached;
}

/** One line for `doctor`, previews and reports. */
export function describeIsolation(isolation: Isolation): string {
  switch (isolation.level) {
    case "bubblewrap":
      return `runs are sandboxed (bubblewrap ${isolation.version}: own namespaces, only the worktree writable${isolation.root ? "; the process cap does not bind while the bot runs as root" : ""})`;
    case "none":
      return "runs are NOT isolated: the host config sets `sandbox.mode: none`, so agents and gates run with the bot's user, files and network";
    case "unavailable":
      return `runs cannot start: the sandbox is unavailable (${isolation.reason})`;
  }
}
