import { createHmac } from "node:crypto";
import { pino, type Logger } from "pino";
import { Probot } from "probot";
import { nightshiftApp, type AppOptions } from "../../src/app.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import {
  startNightshiftServer,
  type NightshiftServer,
  type NightshiftServerOptions,
} from "../../src/server/start.js";
import { testPrivateKey } from "./keys.js";

export const SECRET = "server-test-secret";

let privateKey: string | undefined;

export interface Served {
  server: NightshiftServer;
  queue: KeyedWorkQueue;
  port: number;
}

/**
 * Nightshift through the server `npm start` runs, on a free loopback port, with a queue that
 * never starts its work (so the work can be counted; nothing reaches GitHub).
 */
export async function serveNightshift(
  options: {
    log?: Logger;
    maxPending?: number;
    app?: Omit<AppOptions, "queue">;
    server?: Partial<Pick<NightshiftServerOptions, "ready" | "onStop" | "stopGraceMs">>;
  } = {},
): Promise<Served> {
  privateKey ??= testPrivateKey();
  const log = options.log ?? pino({ level: "silent" });
  const probot = new Probot({
    appId: 123,
    privateKey,
    secret: SECRET,
    log,
    Octokit: UnthrottledOctokit,
  });
  const queue = new KeyedWorkQueue({
    concurrency: 0,
    maxPending: options.maxPending ?? 100,
    logger: log,
  });
  const server = await startNightshiftServer({
    app: nightshiftApp({ ...options.app, queue }),
    probot,
    log,
    host: "127.0.0.1",
    port: 0,
    ...options.server,
  });
  return { server, queue, port: server.port };
}

export const signature = (body: string, secret = SECRET): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** POSTs a delivery as GitHub does; the answer's status and text. */
export async function deliver(
  port: number,
  event: string,
  body: string,
  { id = "d-1", secret = SECRET, contentType = "application/json" } = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${String(port)}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": signature(body, secret),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}
