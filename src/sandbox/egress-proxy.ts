/**
 * The egress proxy for runs with `allow` egress. It runs in the bot, outside the sandbox, on a
 * Unix socket the sandbox gets bind-mounted (the bridge inside carries the agent's TCP to it).
 * It serves `CONNECT` tunnels and plain `http://` requests to allowed hosts, routes that add
 * credentials the agent never holds (egress-routes.ts), and refuses everything else; each
 * refusal goes to `onDenied` and `denied()` for the run's log and the report.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { guardedConnect, plainConnect, type Connect, type Lookup } from "./egress-connect.js";
import type { EgressContext } from "./egress-context.js";
import { denialMessage, type DeniedAttempt } from "./egress-denial.js";
import { serveRequest } from "./egress-forward.js";
import { compilePolicy } from "./egress-policy.js";
import { rawRefusal } from "./egress-reply.js";
import { compileRoutes, type Route } from "./egress-routes.js";
import { openTunnel } from "./egress-tunnel.js";

export type { DeniedAttempt, DenialReason } from "./egress-denial.js";
export type { Route } from "./egress-routes.js";
export type { Connect, Lookup } from "./egress-connect.js";

/** A Unix socket path (production), or a TCP address such as 127.0.0.1 port 0 (tests). */
export type ProxyAddress = { path: string } | { host: string; port: number };

export interface EgressProxyOptions {
  listen: ProxyAddress;
  /** Host patterns (egress-policy.ts): `example.com`, `*.example.com`, `host:8443`. */
  allow: readonly string[];
  /** `/<name>/…` → the route's https target, with its headers set (egress-routes.ts). */
  routes?: Readonly<Record<string, Route>>;
  /** Called on every refusal, synchronously; it must not throw. */
  onDenied?: (attempt: DeniedAttempt) => void;
  /** Replaces every upstream connection (tests route names to local servers with it). */
  connect?: Connect;
  /** Name resolution for the default `connect` (tests answer without DNS). */
  lookup?: Lookup;
  /** A connection with no bytes either way for this long is closed (default 10 minutes). */
  idleTimeoutMs?: number;
  /** Request line and headers together (default 16 KiB); more is answered with 431. */
  maxHeaderBytes?: number;
  /** How many refusals `denied()` keeps (default 1000); `deniedCount()` counts them all. */
  maxDeniedKept?: number;
}

export interface EgressProxy {
  /** Where it listens; for TCP, with the port the system chose. */
  address: ProxyAddress;
  /** The first `maxDeniedKept` refusals, oldest first. */
  denied(): DeniedAttempt[];
  deniedCount(): number;
  /** Stops listening and closes every connection, tunnels included. */
  close(): Promise<void>;
}

function listen(server: Server, address: ProxyAddress): Promise<ProxyAddress> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const ready = () => {
      server.off("error", reject);
      const bound = server.address();
      resolve(
        typeof bound === "object" && bound !== null
          ? { host: bound.address, port: bound.port }
          : address,
      );
    };
    if ("path" in address) server.listen(address.path, ready);
    else server.listen(address.port, address.host, ready);
  });
}

/** The parser rejected the request: 431 or 400 while the socket can still take it. */
function answerClientError(error: Error & { code?: string }, socket: Duplex, ctx: EgressContext) {
  if (error.code?.startsWith("HPE_") !== true || !socket.writable) {
    socket.destroy(); // a reset, a timeout: nobody to answer
  } else if (error.code === "HPE_HEADER_OVERFLOW") {
    socket.end(rawRefusal(431, ctx.deny({ reason: "headers-too-large", detail: error.code })));
  } else {
    socket.end(rawRefusal(400, ctx.deny({ reason: "bad-request", detail: error.code })));
  }
}

export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const policy = compilePolicy(options.allow);
  const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
  const maxDeniedKept = options.maxDeniedKept ?? 1000;
  const sockets = new Set<Socket>();
  const denied: DeniedAttempt[] = [];
  let deniedCount = 0;

  const ctx: EgressContext = {
    policy,
    routes: compileRoutes(options.routes ?? {}),
    connectForAgent: options.connect ?? guardedConnect(policy, options.lookup),
    connectForRoutes: options.connect ?? plainConnect,
    track(socket) {
      sockets.add(socket);
      socket.setTimeout(idleTimeoutMs, () => socket.destroy());
      socket.once("close", () => sockets.delete(socket));
      return socket;
    },
    deny(attempt) {
      deniedCount += 1;
      if (denied.length < maxDeniedKept) denied.push(attempt);
      options.onDenied?.(attempt);
      return denialMessage(attempt);
    },
  };

  const server = createServer({ maxHeaderSize: options.maxHeaderBytes ?? 16_384 });
  server.on("connection", (socket: Socket) => ctx.track(socket));
  server.on("connect", (req, socket, head) => {
    openTunnel(req, socket, head, ctx);
  });
  server.on("request", (req, res) => {
    serveRequest(req, res, ctx);
  });
  server.on("clientError", (error, socket) => {
    answerClientError(error, socket, ctx);
  });
  const address = await listen(server, options.listen);

  return {
    address,
    denied: () => [...denied],
    deniedCount: () => deniedCount,
    close: () =>
      new Promise((resolve) => {
        // Its only error is "not running": a second close() has nothing left to do either.
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}
