import type { Logger } from "../types.js";
import type { NightshiftServer } from "./start.js";

export interface SignalOptions {
  log: Pick<Logger, "info" | "warn" | "error">;
  /** Where SIGTERM and SIGINT arrive: the process, or an emitter in tests. */
  signals?: {
    on(signal: "SIGTERM" | "SIGINT", listener: (signal: NodeJS.Signals) => void): unknown;
  };
  exit?: (code: number) => void;
}

/**
 * SIGTERM or SIGINT: stop the server (no new connections, `/ready` 503, in-flight requests
 * finish, then its `onStop`) and exit 0. Agent runs in flight are not waited for: the journal
 * holds them and the next start recovers them. A second signal exits at once.
 */
export function stopOnSignals(
  server: Pick<NightshiftServer, "stop">,
  options: SignalOptions,
): void {
  const { log, signals = process } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    stopping = true;
    log.info({ signal }, "stopping");
    server.stop().then(
      () => {
        log.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "stopping failed");
        exit(1);
      },
    );
  };
  signals.on("SIGTERM", onSignal);
  signals.on("SIGINT", onSignal);
}
