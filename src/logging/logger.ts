import { pino, type Logger as PinoLogger } from "pino";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/** The process logger: JSON lines to stderr, so stdout stays for reports and `--json`. */
export function createLogger(level: LogLevel = "info"): PinoLogger {
  return pino({ level, base: { name: "nightshift" } }, pino.destination(2));
}
