import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApplicationFunction, Probot } from "probot";
import type { Logger } from "../types.js";
import { MAX_PAYLOAD_BYTES, declaredSizeCap, webhookBodyReader } from "./body-cap.js";
import { handlerChain, type RequestHandler } from "./chain.js";
import { settlesWithin } from "./deadline.js";
import { healthRoutes, notFound } from "./health.js";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

export interface NightshiftServerOptions {
  /** The app: `nightshiftApp(...)`. */
  app: ApplicationFunction;
  /** Probot made with the app's id, key, webhook secret and API URL (`githubApp` for `npm start`). */
  probot: Probot;
  log: Pick<Logger, "info" | "warn" | "error">;
  /** Absent: every interface (Node's default, IPv6 and IPv4). */
  host?: string | undefined;
  /** 0: any free port (tests, the demo). */
  port: number;
  webhookPath?: string | undefined;
  /** What else must hold for `/ready` to answer 200, e.g. the journal is open. */
  ready?: () => boolean;
  /** After the HTTP server has stopped: drain queued work, flush the dedupe, close the journal. */
  onStop?: () => void | Promise<void>;
  /** How long in-flight requests may take once stopping has begun; then they are cut. */
  stopGraceMs?: number;
}

export interface NightshiftServer {
  readonly probot: Probot;
  readonly port: number;
  /** `http://<address>:<port>` */
  readonly url: string;
  isReady(): boolean;
  /** Stops accepting, answers `/ready` 503, lets in-flight requests finish, then `onStop`. */
  stop(): Promise<void>;
}

/** GitHub gives a delivery 10 s; an answer still pending after this is not coming. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The HTTP server `npm start` runs, and the demo, the tests and the benchmark with it: a
 * `node:http` server whose stages run in this order, each passing on what it does not answer —
 *
 *   1. the size cap: a declared length over GitHub's 25 MB is refused (413) before it is read;
 *   2. the webhook body, read within the cap (a chunked body is cut at it), into `req.body`;
 *   3. what the app adds with `addHandler`: Nightshift's issue and comment fast path;
 *   4. Probot's webhook middleware, for every other event;
 *   5. `GET /ping`, `GET /ready`;
 *   6. 404.
 */
export async function startNightshiftServer(
  options: NightshiftServerOptions,
): Promise<NightshiftServer> {
  const { probot, log } = options;
  const webhookPath = (options.webhookPath ?? DEFAULT_WEBHOOK_PATH).replace(/\/+$/, "");
  let loaded = false;
  let stopping: Promise<void> | undefined;
  const isReady = () => loaded && stopping === undefined && (options.ready?.() ?? true);

  const appStages: RequestHandler[] = [];
  await probot.load(options.app, {
    cwd: process.cwd(),
    addHandler: (handler) => {
      appStages.push(async (req, res) => (await handler(req, res)) === true);
    },
  });
  const probotWebhooks = await probot.getNodeMiddleware({ path: webhookPath });
  const serve = handlerChain(
    [
      declaredSizeCap(MAX_PAYLOAD_BYTES),
      webhookBodyReader(webhookPath, MAX_PAYLOAD_BYTES),
      ...appStages,
      (req, res) => probotWebhooks(req, res),
      healthRoutes(isReady),
      notFound,
    ],
    log,
  );
  // Answers not yet begun; once stopping, each closes its connection rather than keep it alive
  // for a next request, so the server is closed as soon as the last one is out.
  const unanswered = new Set<ServerResponse>();
  const http = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    if (stopping) res.setHeader("connection", "close");
    else {
      unanswered.add(res);
      res.once("close", () => unanswered.delete(res));
    }
    void serve(req, res);
  });
  const address = await listen(http, options.host, options.port);
  loaded = true;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, webhookPath }, "Nightshift listening");

  const stop = async (): Promise<void> => {
    for (const res of unanswered) if (!res.headersSent) res.setHeader("connection", "close");
    const closed = new Promise<void>((resolve) =>
      http.close(() => {
        resolve();
      }),
    );
    http.closeIdleConnections();
    if (!(await settlesWithin(closed, options.stopGraceMs ?? 5_000))) {
      log.warn("requests still open after the grace period; cutting them");
      http.closeAllConnections();
      await closed;
    }
    await options.onStop?.();
  };
  return {
    probot,
    port: address.port,
    url,
    isReady,
    stop: () => (stopping ??= stop()),
  };
}

function listen(http: Server, host: string | undefined, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        error.message = `port ${port} is already in use: set PORT to another one`;
      }
      reject(error);
    };
    http.once("error", onError);
    http.listen({ port, ...(host ? { host } : {}) }, () => {
      http.off("error", onError);
      resolve(http.address() as AddressInfo);
    });
  });
}
