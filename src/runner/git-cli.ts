import { execFile } from "node:child_process";
import { gitBinary } from "./git-binary.js";
import { SAFE_PATH } from "./safe-path.js";

/**
 * Runs the bot's own git as argv (never a shell), from an absolute path chosen at start-up,
 * with a small explicit environment and none of the configuration an agent could have written.
 *
 * Why not inherit `process.env`: git runs filters and remote helpers, and anything it starts
 * would inherit it; an agent's `git` earlier on PATH would get the token. Why no global or
 * system config and HOME=/dev/null: an agent of the bot's user can write `~/.gitconfig`,
 * `~/.config/git/attributes` and `~/.netrc` (filters that run inside the bot, a proxy that sees
 * the token); /dev/null is not a directory, so nothing can ever appear under it, and
 * XDG_CONFIG_HOME is not passed. Why the `-c` flags: the worktree and its mirror are writable by
 * the agent, so their hooks, fsmonitor and untracked cache must never count inside the bot.
 */
export interface GitOptions {
  cwd: string;
  /** An installation token; sent as an HTTP header through the environment, never argv or disk. */
  token?: string;
  /** Extra environment (e.g. author identity). */
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ""} failed (exit ${exitCode}): ${stderr.trim().slice(0, 1000)}`);
    this.name = "GitError";
  }
}

const SAFETY_CONFIG = [
  "core.hooksPath=/dev/null",
  "core.fsmonitor=false",
  "core.attributesFile=/dev/null",
  "core.excludesFile=/dev/null",
  "core.untrackedCache=false",
].flatMap((setting) => ["-c", setting]);

/** Variables git may legitimately need from the host: temp files, proxies, CA bundles. */
const HOST_VARS = [
  "TMPDIR",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "GIT_SSL_CAINFO",
];

/** The header actions/checkout uses: `Authorization: Basic base64(x-access-token:TOKEN)`. */
export function authHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

/**
 * Per-command config through GIT_CONFIG_COUNT (git ≥ 2.31): unlike `-c`, it is not visible in
 * the process list to other users. An empty credential.helper resets any helper the operator
 * configured, so the token is never handed to a credential store.
 */
function authEnv(token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: "2",
    GIT_CONFIG_KEY_0: "credential.helper",
    GIT_CONFIG_VALUE_0: "",
    GIT_CONFIG_KEY_1: "http.extraHeader",
    GIT_CONFIG_VALUE_1: authHeader(token),
  };
}

export function gitEnv(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HOST_VARS) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    // A host-wide `git lfs install` would otherwise try to download LFS objects without a token.
    GIT_LFS_SKIP_SMUDGE: "1",
    ...extra,
    ...(token === undefined ? {} : authEnv(token)),
    // Last, so nothing above can undo them. Corporate CAs and proxies come through the
    // variables above (SSL_CERT_FILE, HTTPS_PROXY), not /etc/gitconfig.
    PATH: SAFE_PATH,
    HOME: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    // Remotes are the API's https URLs (http for the simulator, file for tests): no transport
    // that starts another program (ssh, ext::).
    GIT_ALLOW_PROTOCOL: "https:http:file",
  };
}

/** Removes the token (raw or as its header) from text that may be logged or returned. */
export function redact(text: string, token?: string): string {
  if (token === undefined || token === "") return text;
  const header = authHeader(token).slice("Authorization: Basic ".length);
  return text.split(token).join("***").split(header).join("***");
}

/** Runs git and resolves with its exit code; rejects only when git cannot be started. */
export function git(args: readonly string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      gitBinary(),
      [...SAFETY_CONFIG, ...args],
      {
        cwd: opts.cwd,
        env: gitEnv(opts.token, opts.env),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: opts.timeoutMs ?? 10 * 60_000,
        killSignal: "SIGKILL",
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code === "number") {
          resolve({ stdout, stderr: redact(stderr, opts.token), exitCode: code });
        } else if (error !== null && (error.killed === true || error.signal !== undefined)) {
          resolve({ stdout, stderr: `killed (${error.signal ?? "timeout"})`, exitCode: -1 });
        } else {
          reject(error ?? new Error("git failed"));
        }
      },
    );
    // git may exit before reading its input; that is not our error to raise.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(opts.stdin ?? "");
  });
}

/** Runs git and returns stdout, or throws a GitError. */
export async function gitOk(args: readonly string[], opts: GitOptions): Promise<string> {
  const result = await git(args, opts);
  if (result.exitCode !== 0) throw new GitError(args, result.exitCode, result.stderr);
  return result.stdout;
}
