import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { runProcess } from "./process.js";
import { lastLines } from "./summary.js";

/** A repository-configured check that runs after the agent, e.g. `npm test`. */
export interface GateDefinition {
  name: string;
  run: string[];
  timeoutMinutes: number;
  /** The run's egress for this gate (e.g. a dependency audit); default no network at all. */
  network?: boolean;
}

export interface GateResult {
  name: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The end of the gate's output (or why it could not start), for the PR body. */
  outputTail: string;
  logFile: string;
}

export interface GateOptions {
  cwd: string;
  /** The complete environment (use the agent's: gates run the repository's code too). */
  env: Record<string, string>;
  logDir: string;
  /** Prefix of the log files (e.g. the run id); a random one when absent, so runs sharing
   * `logDir` never overwrite each other's logs. */
  logPrefix?: string;
  maxLogBytes: number;
  /** Told each gate's process group as it starts and when it is gone (see runProcess). */
  onSpawn?: (pid: number) => void;
  onExit?: () => void;
  /** Puts each gate inside the run's sandbox (argv and environment); default as given. */
  wrap?: (
    argv: readonly string[],
    env: Record<string, string>,
    network: boolean,
  ) => { argv: string[]; env: Record<string, string> };
}

const TAIL_CHARS = 3000;

function logName(prefix: string, index: number, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 40);
  return `${prefix}.gate-${index + 1}-${safe}.log`;
}

/**
 * Runs the gates in order and stops at the first failure. The result holds only the gates that
 * ran: when it is shorter than `gates`, the last entry failed and the rest were not run.
 */
export async function runGates(gates: GateDefinition[], opts: GateOptions): Promise<GateResult[]> {
  const results: GateResult[] = [];
  const prefix = (opts.logPrefix ?? randomBytes(4).toString("hex")).replace(
    /[^A-Za-z0-9._-]+/g,
    "-",
  );
  for (const [index, gate] of gates.entries()) {
    const logFile = join(opts.logDir, logName(prefix, index, gate.name));
    const command = opts.wrap?.(gate.run, opts.env, gate.network ?? false) ?? {
      argv: gate.run,
      env: opts.env,
    };
    const result = await runProcess({
      argv: command.argv,
      cwd: opts.cwd,
      env: command.env,
      timeoutMs: gate.timeoutMinutes * 60_000,
      logFile,
      maxLogBytes: opts.maxLogBytes,
      tailBytes: 16 * 1024,
      ...(opts.onSpawn ? { onSpawn: opts.onSpawn } : {}),
      ...(opts.onExit ? { onExit: opts.onExit } : {}),
    });
    const passed = result.spawnError === undefined && !result.timedOut && result.exitCode === 0;
    const outputTail =
      result.spawnError !== undefined
        ? `could not start: ${result.spawnError}`
        : lastLines(result.tail, TAIL_CHARS);
    results.push({
      name: gate.name,
      passed,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
      outputTail,
      logFile,
    });
    if (!passed) break;
  }
  return results;
}
