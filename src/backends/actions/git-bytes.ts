import { spawn } from "node:child_process";
import { gitBinary } from "../../runner/git-binary.js";
import { GitError, gitEnv } from "../../runner/git-cli.js";

export interface GitBytesOptions {
  /** Write stdout into this file descriptor instead of returning it. */
  stdoutFd?: number;
  /** Fail once stdout passes this many bytes (default 64 MB). */
  maxBytes?: number;
  stdin?: string;
}

/**
 * The bot's git against a bare repository by name, with stdout as bytes (blobs, NUL-separated
 * paths that need not be UTF-8), or streamed into a file. Same binary and environment as
 * runner/git-cli.ts; hooks and replace refs off.
 */
export function gitBytes(
  gitDir: string,
  args: readonly string[],
  options: GitBytesOptions = {},
): Promise<Buffer> {
  const argv = [
    "-c",
    "core.hooksPath=/dev/null",
    `--git-dir=${gitDir}`,
    "--no-replace-objects",
    ...args,
  ];
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(gitBinary(), argv, {
      cwd: gitDir,
      env: gitEnv(),
      stdio: ["pipe", options.stdoutFd ?? "pipe", "pipe"],
    });
    // git may exit before reading its input; that is not our error to raise.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.stdin ?? "");
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout?.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) child.kill("SIGKILL");
      else out.push(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (size > maxBytes) reject(new GitError(args, -1, `output larger than ${maxBytes} bytes`));
      else if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(args, code ?? -1, stderr));
    });
  });
}
