import type { IncomingMessage } from "node:http";
import { answerError, pathOf, type RequestHandler } from "./chain.js";

/** GitHub caps a webhook payload at 25 MB; nothing larger is a delivery. */
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/u;
const JSON_OBJECT = /^\s*\{/u;

/**
 * 413, and the connection closed once the answer is out: Node stops reading what the client is
 * still sending rather than draining it for a next request.
 */
const tooLarge = (res: Parameters<RequestHandler>[1], maxBytes: number) =>
  answerError(res, 413, `payload larger than ${maxBytes} bytes`, { connection: "close" });

/** Refuses a body whose declared length passes the cap, before reading any of it. */
export function declaredSizeCap(maxBytes: number): RequestHandler {
  return (req, res) => {
    const declared = req.headers["content-length"];
    return declared !== undefined && Number(declared) > maxBytes && tooLarge(res, maxBytes);
  };
}

type Read = { body: Buffer } | { tooLarge: true } | { aborted: true };

/** Reads the body, stopping as soon as it passes `maxBytes` (a chunked body declares no length). */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Read> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (read: Read) => {
      req.off("data", onData).off("end", onEnd).off("close", onClose).off("error", onClose);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        req.pause();
        finish({ tooLarge: true });
      }
    };
    const onEnd = () => {
      finish({ body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size) });
    };
    const onClose = () => {
      finish({ aborted: true });
    };
    req.on("data", onData).on("end", onEnd).on("close", onClose).on("error", onClose);
  });
}

/**
 * Reads a webhook POST's body, within the cap, into `req.body` for the stages after it: the
 * issue-delivery fast path and Probot's middleware (which takes a string `req.body` as the
 * payload rather than reading the stream again). A JSON body that is not an object is no
 * delivery of any event: 400 here, where Probot would throw a TypeError and answer 500.
 */
export function webhookBodyReader(path: string, maxBytes: number): RequestHandler {
  return async (req, res) => {
    if (req.method !== "POST" || pathOf(req) !== path) return false;
    const read = await readCapped(req, maxBytes);
    if ("aborted" in read) {
      res.destroy();
      return true;
    }
    if ("tooLarge" in read) return tooLarge(res, maxBytes);
    const text = read.body.toString("utf8");
    const type = req.headers["content-type"];
    if (typeof type === "string" && JSON_TYPE.test(type) && !JSON_OBJECT.test(text)) {
      return answerError(res, 400, "payload is not a JSON object");
    }
    req.body = text;
    return false;
  };
}
