import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimContext } from "./context.js";
import { DOWNLOAD_PREFIX } from "./actions/downloads.js";
import { errorMessage } from "./errors.js";
import { handleGit, isGitPath } from "./git-http.js";
import { API_PREFIX, handleRest } from "./rest.js";

/** The one HTTP server: REST under `/api/v3`, git smart HTTP under `/{owner}/{repo}.git`. */

function dispatch(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.urls.web);
  if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`))
    return handleRest(ctx, req, res, url);
  if (isGitPath(url.pathname)) return handleGit(ctx, req, res, url);
  if (url.pathname.startsWith(DOWNLOAD_PREFIX)) {
    ctx.downloads.handle(req, res, url, ctx.world.now().getTime());
    return Promise.resolve();
  }
  req.resume();
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Not Found\n");
  return Promise.resolve();
}

/** Starts listening on 127.0.0.1; requests wait for `attach` to supply the context. */
export async function listen(
  port: number,
): Promise<{ server: Server; port: number; attach(ctx: SimContext): void }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    attach(ctx) {
      server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        dispatch(ctx, req, res).catch((error: unknown) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ message: `Simulator error: ${errorMessage(error)}` }));
        });
      });
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
