/**
 * Runs inside the sandbox, which has loopback only:
 *
 *   node bridge.mjs <port> <socketPath> -- <agent argv...>
 *
 * listens on 127.0.0.1:<port>, carries each connection to the egress proxy's Unix socket,
 * runs the agent (same stdio, environment and process group; SIGTERM, SIGINT and SIGHUP sent to
 * the bridge alone are passed on) and exits as the agent did.
 * Exit 125: the bridge itself could not start; 127: the agent could not be started.
 * Node built-ins only, and nothing else imported: it starts before every run with `allow` egress.
 */
import { spawn } from "node:child_process";
import { realpathSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

export interface Bridge {
  /** The port it listens on (the one asked for, or the system's choice for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Joins one agent connection to one proxy connection. Ends travel through the pipes; a side that
 * closes ends the other (after what is still buffered), a side that fails resets it.
 */
function join(client: Socket, socketPath: string, open: Set<Socket>): void {
  const proxy = connect({ path: socketPath, allowHalfOpen: true });
  for (const [socket, other] of [
    [client, proxy],
    [proxy, client],
  ] as const) {
    open.add(socket);
    socket.on("error", () => other.destroy());
    socket.on("close", () => {
      open.delete(socket);
      other.end();
    });
  }
  client.pipe(proxy).pipe(client);
}

export function startBridge(port: number, socketPath: string): Promise<Bridge> {
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (client) => {
    join(client, socketPath, open);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null ? address.port : port,
        close: () =>
          new Promise((done) => {
            server.close(() => {
              done();
            });
            for (const socket of open) socket.destroy();
          }),
      });
    });
  });
}

/** Signals meant for the run reach the agent even when only the bridge was sent them. */
const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** Dies of the agent's signal where it can, so the runner sees the same ending. */
function exitLike(code: number | null, signal: NodeJS.Signals | null): never {
  if (signal !== null) {
    process.removeAllListeners(signal); // back to the default action, which is to die
    process.kill(process.pid, signal);
  }
  // Still alive: the signal is one Node ignores (SIGPIPE); report it as a shell would.
  process.exit(signal === null ? (code ?? 1) : 128 + constants.signals[signal]);
}

async function main(args: readonly string[]): Promise<void> {
  const [portText, socketPath, separator, program, ...rest] = args;
  if (!/^\d+$/.test(portText ?? "") || !socketPath || separator !== "--" || !program) {
    process.stderr.write("usage: bridge <port> <socketPath> -- <argv...>\n");
    process.exit(125);
  }
  const bridge = await startBridge(Number(portText), socketPath).catch((error: unknown) => {
    process.stderr.write(
      `bridge: cannot listen on 127.0.0.1:${portText ?? ""}: ${String(error)}\n`,
    );
    return process.exit(125);
  });
  const agent = spawn(program, rest, { stdio: "inherit" });
  for (const signal of FORWARDED) process.on(signal, () => agent.kill(signal));
  agent.on("error", (error) => {
    process.stderr.write(`bridge: cannot start ${program}: ${error.message}\n`);
    void bridge.close().then(() => process.exit(127));
  });
  agent.on("exit", (code, signal) => {
    void bridge.close().then(() => exitLike(code, signal));
  });
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  try {
    return script !== undefined && realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) await main(process.argv.slice(2));
