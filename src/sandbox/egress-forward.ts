/**
 * Requests that are not CONNECT: absolute `http://` URLs are forwarded to allowed hosts; paths
 * (and URLs naming the proxy itself on loopback) are served from the configured routes.
 */
import { request, type IncomingMessage, type RequestOptions, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { pipeline } from "node:stream";
import { connect as tlsConnect, rootCertificates } from "node:tls";
import { InternalAddressError } from "./egress-connect.js";
import type { EgressContext } from "./egress-context.js";
import { clip } from "./egress-denial.js";
import { endToEndHeaders } from "./egress-headers.js";
import { parseAuthority } from "./egress-policy.js";
import { refuse } from "./egress-reply.js";
import { matchRoute, type CompiledRoute } from "./egress-routes.js";

/**
 * Clients that honour HTTP_PROXY send route requests (`ANTHROPIC_BASE_URL=http://127.0.0.1:…`)
 * here as absolute URLs too; loopback is never a destination, so such a URL means the proxy.
 */
const SELF = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Which host the agent asked for, for messages and the private-address refusal. */
interface Destination {
  method: string;
  host: string;
  port: number;
}

/** Sends the agent's request on and streams the answer back; refuses an internal address. */
function relay(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: EgressContext,
  options: RequestOptions,
  destination: Destination,
): void {
  const upstream = request(options, (answer) => {
    res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
    // Errors here are one side hanging up; pipeline destroys the other, which is all there is to do.
    pipeline(answer, res, () => undefined);
  });
  upstream.on("error", (error) => {
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof InternalAddressError) {
      refuse(
        res,
        403,
        ctx.deny({ reason: "private-address", ...destination, address: error.address }),
      );
    } else {
      refuse(
        res,
        502,
        `cannot reach ${destination.host}:${destination.port} (${clip(error.message)})`,
      );
    }
  });
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  pipeline(req, upstream, () => undefined);
}

function hostHeader(host: string, port: number, defaultPort: number): string {
  const name = isIP(host) === 6 ? `[${host}]` : host;
  return port === defaultPort ? name : `${name}:${port}`;
}

function connectTls(route: CompiledRoute, ctx: EgressContext) {
  return tlsConnect({
    socket: ctx.track(ctx.connectForRoutes(route.host, route.port)),
    host: route.host,
    ...(isIP(route.host) === 0 ? { servername: route.host } : {}),
    ...(route.ca === undefined ? {} : { ca: [...rootCertificates, route.ca] }),
  });
}

function serveRoute(req: IncomingMessage, res: ServerResponse, ctx: EgressContext, path: string) {
  const method = req.method ?? "GET";
  const matched = matchRoute(ctx.routes, path);
  if (matched === undefined) {
    refuse(res, 404, ctx.deny({ reason: "unknown-route", method, path: clip(path) }));
    return;
  }
  const { route } = matched;
  const agentHeaders = Object.entries(endToEndHeaders(req.headers)).filter(
    ([name]) => !Object.hasOwn(route.headers, name),
  );
  const host = hostHeader(route.host, route.port, 443);
  const headers = { ...Object.fromEntries(agentHeaders), ...route.headers, host };
  const options = {
    method,
    path: matched.path,
    headers,
    createConnection: () => connectTls(route, ctx),
  };
  relay(req, res, ctx, options, { method, host: route.host, port: route.port });
}

function forward(req: IncomingMessage, res: ServerResponse, ctx: EgressContext, url: URL) {
  const method = req.method ?? "GET";
  const target = parseAuthority(url.host);
  if (target === undefined) {
    refuse(res, 400, ctx.deny({ reason: "bad-request", detail: `${method} ${clip(url.href)}` }));
    return;
  }
  const { host } = target;
  const port = target.port ?? 80;
  const verdict = ctx.policy.judge(host, port);
  if (verdict !== "allowed") {
    refuse(res, 403, ctx.deny({ reason: verdict, method, host, port }));
    return;
  }
  const headers = { ...endToEndHeaders(req.headers), host: url.host };
  const path = `${url.pathname}${url.search}`;
  const createConnection = () => ctx.track(ctx.connectForAgent(host, port));
  relay(req, res, ctx, { method, path, headers, createConnection }, { method, host, port });
}

export function serveRequest(req: IncomingMessage, res: ServerResponse, ctx: EgressContext): void {
  const target = req.url ?? "";
  if (target.startsWith("/")) {
    serveRoute(req, res, ctx, target);
    return;
  }
  const url = URL.canParse(target) ? new URL(target) : undefined;
  if (url?.protocol !== "http:") {
    const detail = `${req.method ?? "?"} ${clip(target)}: only CONNECT, http:// URLs and routes are served`;
    refuse(res, 400, ctx.deny({ reason: "bad-request", detail }));
  } else if (SELF.has(url.hostname)) {
    serveRoute(req, res, ctx, `${url.pathname}${url.search}`);
  } else {
    forward(req, res, ctx, url);
  }
}
