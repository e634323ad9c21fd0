import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One parsed log line of the bot. */
export type LogLine = Record<string, unknown>;

export interface OperatorProcess {
  child: ChildProcess;
  /** Every stderr line that parsed as JSON. */
  lines: LogLine[];
  /** stdout and stderr as written. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line whose `msg` is `message` (fails if the bot exits first). */
  waitForLog(message: string, timeout?: number): Promise<LogLine>;
  /** SIGTERM, then the exit code and signal. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node dist/main.js` started as an operator starts it: in `dir`, which holds its `.env`, with
 * nothing of the test's environment but PATH (HOME is `dir`). Build first (`npm run build`).
 */
export function startBuiltServer(dir: string): OperatorProcess {
  const child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  let out = "";
  let err = "";
  let buffered = "";
  child.stdout.on("data", (data: Buffer) => {
    out += data.toString();
  });
  child.stderr.on("data", (data: Buffer) => {
    err += data.toString();
    buffered += data.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // Not JSON: kept in `err`, which the log format check reads.
      }
    }
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    waitForLog: (message, timeout = 20_000) =>
      vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`the bot exited ${child.exitCode}:\n${err}`);
          const line = lines.find((l) => l.msg === message);
          if (!line) throw new Error(`no "${message}" yet`);
          return line;
        },
        { timeout, interval: 50 },
      ),
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const [code, signal] = await exited;
      return { code, signal };
    },
  };
}

/** Pids of live processes whose command line mentions `needle` (zombies have none). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * The `.env` an operator writes for the simulator: the app's id, its key in `app.pem` beside
 * it, the webhook secret, the simulator as GitHub Enterprise, the host config in `host.yml`,
 * and a server on any free port of 127.0.0.1.
 */
export function operatorEnv(sim: { appId: number; host: string }, secret: string): string {
  return [
    `APP_ID=${String(sim.appId)}`,
    "PRIVATE_KEY_PATH=app.pem",
    `WEBHOOK_SECRET=${secret}`,
    `GHE_HOST=${sim.host}`,
    "GHE_PROTOCOL=http",
    "NIGHTSHIFT_HOST_CONFIG=host.yml",
    "HOST=127.0.0.1",
    "PORT=0",
    "",
  ].join("\n");
}
