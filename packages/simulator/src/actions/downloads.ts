import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Where artifact downloads are served: outside `/api/v3`, as blob storage is outside the API. */
export const DOWNLOAD_PREFIX = "/_artifacts/";

export interface DownloadRecord {
  /** True when the client sent an Authorization header (a token leaked to storage). */
  authorization: boolean;
  status: number;
}

/**
 * Short-lived, unauthenticated download URLs, as GitHub's `302` to blob storage gives: anyone
 * with the URL may fetch the bytes until it expires (one minute by default).
 */
export class DownloadLinks {
  readonly served: DownloadRecord[] = [];
  private readonly links = new Map<string, { data: Buffer; expiresAt: number }>();

  create(webUrl: string, data: Buffer, expiresAt: number): string {
    const token = randomBytes(16).toString("hex");
    this.links.set(token, { data, expiresAt });
    return `${webUrl}${DOWNLOAD_PREFIX}${token}/artifact.zip`;
  }

  handle(req: IncomingMessage, res: ServerResponse, url: URL, nowMs: number): void {
    req.resume();
    const token = url.pathname.slice(DOWNLOAD_PREFIX.length).split("/")[0] ?? "";
    const link = this.links.get(token);
    const authorization = req.headers.authorization !== undefined;
    if (!link || link.expiresAt <= nowMs) {
      this.served.push({ authorization, status: 403 });
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Signature not valid in the specified time frame.</Message></Error>',
      );
      return;
    }
    this.served.push({ authorization, status: 200 });
    res.writeHead(200, {
      "content-type": "application/zip",
      "content-length": String(link.data.length),
    });
    res.end(link.data);
  }
}
