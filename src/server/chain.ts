import type { ServerResponse } from "node:http";
import type { ReadRequest } from "../handlers/issue-deliveries.js";
import type { Logger } from "../types.js";

/** One stage of the server: true when it answered, false to pass the request on. */
export type RequestHandler = (req: ReadRequest, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Runs the stages in order until one answers. A stage that throws is a bug: it is logged and
 * answered 500 (or the connection is dropped when an answer had already begun).
 */
export function handlerChain(
  stages: readonly RequestHandler[],
  log: Pick<Logger, "error">,
): (req: ReadRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      for (const stage of stages) {
        if (await stage(req, res)) return;
      }
    } catch (error) {
      log.error({ err: error, method: req.method, url: req.url }, "request handler failed");
      if (res.headersSent) res.destroy();
      else answerError(res, 500, "internal error");
    }
  };
}

/** The request's path without its query and trailing slashes; "" when the target is no URL. */
export function pathOf(req: ReadRequest): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** An answer with its length, as Probot gives them (without one, Node sends it chunked). */
export function answer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): true {
  res
    .writeHead(status, {
      "content-type": "text/plain",
      "content-length": Buffer.byteLength(body),
      ...headers,
    })
    .end(body);
  return true;
}

/** A JSON error answer, as Probot's middleware gives them. */
export const answerError = (
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): true =>
  answer(res, status, JSON.stringify({ error: message }), {
    "content-type": "application/json",
    ...headers,
  });
