import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../types.js";
import type { IssueDelivery } from "./issue-router.js";
import { malformation } from "./delivery-shape.js";

/** The events this path takes; every other delivery is left to Probot's middleware. */
const EVENTS = new Set(["issues", "issue_comment"]);
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/u;

export interface IssueDeliveryOptions {
  /** Probot's webhook path (`/api/github/webhooks` by default). */
  path: string;
  /** Checks `X-Hub-Signature-256` with the app's webhook secret (Probot's `webhooks.verify`). */
  verify(body: string, signature: string): Promise<boolean>;
  route(delivery: IssueDelivery): void;
  log: Pick<Logger, "warn" | "error">;
}

/**
 * A request whose body the server already read, within the size cap, as text: the Express
 * convention `@octokit/webhooks` reads too, so Probot's middleware never reads it again.
 */
export type ReadRequest = IncomingMessage & { body?: unknown };

type Handler = (req: ReadRequest, res: ServerResponse) => Promise<boolean>;

function isPath(url: string | undefined, path: string): boolean {
  try {
    return new URL(url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") === path;
  } catch {
    return false;
  }
}

/** With its length, as Probot answers: without one, Node would send the answer chunked. */
function reply(res: ServerResponse, status: number, body: string): true {
  const type = status === 200 ? "text/plain" : "application/json";
  res
    .writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) })
    .end(body);
  return true;
}

const error = (res: ServerResponse, status: number, message: string) =>
  reply(res, status, JSON.stringify({ error: message }));

/** An error's own HTTP status (503 for a full queue), as Probot's middleware reads it; else 500. */
function statusOf(thrown: unknown): number {
  const status = thrown instanceof Error ? (thrown as { status?: unknown }).status : undefined;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/**
 * An HTTP handler placed before Probot's webhook middleware for issue and comment deliveries,
 * the bulk of what Nightshift receives. They are verified with the app's secret and answered as
 * Probot answers, but routed without Probot's per-delivery context, which builds an installation
 * Octokit and a logger for every delivery even when the work is queued for later or is none;
 * the queued work makes its own when it starts. Anything this path does not take (other events,
 * other routes, a request missing a webhook header or not JSON, a body the server did not read)
 * falls through to Probot, so Probot keeps its own answers for those.
 */
export function issueDeliveries(options: IssueDeliveryOptions): Handler {
  return async (req, res) => {
    if (req.method !== "POST" || !isPath(req.url, options.path)) return false;
    const name = req.headers["x-github-event"];
    const id = req.headers["x-github-delivery"];
    const signature = req.headers["x-hub-signature-256"];
    const contentType = req.headers["content-type"];
    const body = req.body;
    if (typeof name !== "string" || !EVENTS.has(name)) return false;
    if (typeof id !== "string" || typeof signature !== "string") return false;
    if (typeof contentType !== "string" || !JSON_TYPE.test(contentType)) return false;
    if (typeof body !== "string") return false;

    if (!(await options.verify(body, signature))) {
      options.log.warn({ id, event: name }, "webhook signature does not match; refused");
      return error(res, 400, "signature does not match event payload and secret");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return error(res, 400, "invalid JSON");
    }
    const problem = malformation(name, payload);
    if (problem !== null) {
      options.log.warn({ id, event: name, problem }, "malformed delivery refused");
      return error(res, 400, problem);
    }
    try {
      // Checked above: the payload has every field routing reads.
      options.route({ id, name, payload } as IssueDelivery);
    } catch (routeError) {
      const status = statusOf(routeError);
      if (status === 500) {
        options.log.error({ id, err: routeError }, "routing a delivery failed");
        return error(res, 500, "internal error");
      }
      options.log.warn({ id, err: routeError }, "delivery refused");
      return error(res, status, (routeError as Error).message);
    }
    return reply(res, 200, "ok\n");
  };
}
