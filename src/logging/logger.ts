import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import type PinoPretty from "pino-pretty";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
export type LogFormat = "json" | "pretty";

/**
 * Readable lines for a person at a terminal, through pino-pretty. It comes with Probot (its
 * logger's formatter), not as a dependency of ours, so it is looked up and JSON is kept when
 * it cannot be found.
 */
function prettyStderr(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
    return pretty({ destination: 2, sync: true, ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

/** LOG_FORMAT when set (Probot's variable); otherwise pretty when stderr is a terminal. */
export const logFormatFor = (env: NodeJS.ProcessEnv, stderrIsTty: boolean): LogFormat =>
  env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty"
    ? env.LOG_FORMAT
    : stderrIsTty
      ? "pretty"
      : "json";

/**
 * The process logger, the one Probot is given too, so its lines and Nightshift's share one
 * format: JSON lines to stderr (stdout stays for reports and `--json`), or readable ones.
 */
export function createLogger(
  level: LogLevel = "info",
  format: LogFormat = logFormatFor(process.env, process.stderr.isTTY),
): PinoLogger {
  const options = { level, base: { name: "nightshift" } };
  const pretty = format === "pretty" ? prettyStderr() : undefined;
  return pino(options, pretty ?? pino.destination(2));
}
