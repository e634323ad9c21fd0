import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { CappedLog, Tail } from "./output.js";

export interface RunProcessInput {
  /** argv[0] is the program, looked up on `env.PATH`; never a shell. */
  argv: readonly string[];
  cwd: string;
  /** The complete environment: nothing is inherited from `process.env`. */
  env: Record<string, string>;
  stdin?: string;
  timeoutMs: number;
  /** SIGTERM to the whole process group at timeout, SIGKILL this much later (default 5000). */
  killGraceMs?: number;
  /** stdout and stderr, interleaved as they arrive. */
  logFile: string;
  /** Past this, output is drained and dropped, with one truncation marker line. */
  maxLogBytes: number;
  /** How much of the end of the output to keep in memory for summaries (default 64 KiB). */
  tailBytes?: number;
  /** Told the child's pid (its process group's id) as soon as it runs, and when it is gone. */
  onSpawn?: (pid: number) => void;
  onExit?: () => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
  tail: string;
  /** Set when the program could not be started at all (missing binary, bad cwd). */
  spawnError?: string;
}

/** How long to wait for the output pipes after the group is gone (a setsid'd escapee may hold them). */
const PIPE_DRAIN_MS = 2000;

type Exit = { code: number | null; signal: string | null } | { error: Error };

/** Signals the child's whole process group; a group that is already gone is not an error. */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member has exited.
  }
}

function waitForExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
    });
    child.once("error", (error) => {
      resolve({ error });
    });
  });
}

function drain(streams: Readable[], onChunk: (chunk: Buffer) => void): Promise<void> {
  const closed = streams.map(
    (stream) =>
      new Promise<void>((resolve) => {
        stream.on("data", onChunk);
        stream.once("close", resolve);
        stream.once("error", () => {
          resolve();
        });
      }),
  );
  return Promise.all(closed).then(() => undefined);
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function failedToStart(started: number, message: string): ProcessResult {
  const durationMs = Math.round(performance.now() - started);
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    truncated: false,
    durationMs,
    tail: "",
    spawnError: message,
  };
}

/**
 * Runs one program, contained: its own process group (killed whole at timeout and again after
 * it exits, so no grandchild survives), a complete explicit environment, and capped output.
 * Never throws for the child's behaviour; a program that cannot start comes back as `spawnError`.
 */
export async function runProcess(input: RunProcessInput): Promise<ProcessResult> {
  const started = performance.now();
  const [program, ...args] = input.argv;
  if (program === undefined || program === "") return failedToStart(started, "empty argv");
  if (!existsSync(input.cwd)) return failedToStart(started, `cwd does not exist: ${input.cwd}`);

  await mkdir(dirname(input.logFile), { recursive: true });
  const log = new CappedLog(input.logFile, input.maxLogBytes);
  const tail = new Tail(input.tailBytes ?? 64 * 1024);

  let child: ChildProcess;
  try {
    child = spawn(program, args, {
      cwd: input.cwd,
      env: input.env,
      detached: true, // leader of its own process group, so `kill(-pid)` reaches every descendant
      stdio: [input.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
  } catch (error) {
    log.close();
    return failedToStart(started, error instanceof Error ? error.message : String(error));
  }

  const exited = waitForExit(child);
  if (child.pid !== undefined) input.onSpawn?.(child.pid);
  const pipes = [child.stdout, child.stderr].filter((s): s is Readable => s !== null);
  const drained = drain(pipes, (chunk) => {
    tail.push(chunk);
    log.write(chunk);
  });
  child.stdin?.on("error", () => undefined); // the child may never read its input
  child.stdin?.end(input.stdin);

  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid, "SIGTERM");
    killTimer = setTimeout(() => {
      killGroup(child.pid, "SIGKILL");
    }, input.killGraceMs ?? 5000);
  }, input.timeoutMs);

  const exit = await exited;
  clearTimeout(timeoutTimer);
  clearTimeout(killTimer);
  if ("error" in exit) {
    for (const pipe of pipes) pipe.destroy();
    log.close();
    return failedToStart(started, exit.error.message);
  }
  // The agent is done: whatever it left running in its group goes too.
  killGroup(child.pid, "SIGKILL");
  input.onExit?.();
  await within(drained, PIPE_DRAIN_MS);
  for (const pipe of pipes) pipe.destroy();
  log.close();
  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    truncated: log.truncated,
    durationMs: Math.round(performance.now() - started),
    tail: tail.toString(),
  };
}
