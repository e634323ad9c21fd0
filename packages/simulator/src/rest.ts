import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readAuthorization, verifyAppJwt } from "./auth.js";
import type { SimContext } from "./context.js";
import { HttpError, errorMessage, notFound } from "./errors.js";
import { checkRequest } from "./openapi.js";
import { rateHeaders } from "./ratelimit.js";
import { routesByMethod } from "./routes/index.js";
import type { Caller, Route, RouteResponse } from "./routes/kit.js";
import { bestMatch, splitPath } from "./template.js";

/**
 * The REST API under `/api/v3`, in the order GitHub answers: injected faults (they stand for
 * the infrastructure in front), JSON parsing, authentication, OpenAPI validation, then the route.
 */

export const API_PREFIX = "/api/v3";
const MAX_BODY = 25 * 1024 * 1024;

const requestId = (): string =>
  [2, 2, 3, 3, 4].map((n) => randomBytes(n).toString("hex").toUpperCase()).join(":");

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "Request body too large"));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function parseJson(buffer: Buffer): unknown {
  if (buffer.length === 0) return undefined;
  try {
    return JSON.parse(buffer.toString("utf8"));
  } catch {
    throw new HttpError(400, "Problems parsing JSON");
  }
}

/** Who is calling; null for an anonymous request. Bad credentials are a 401, as on GitHub. */
function authenticate(ctx: SimContext, header: string | undefined): Caller | null {
  const credential = readAuthorization(header);
  if (credential.scheme === "none") return null;
  if (credential.scheme === "jwt") {
    const check = verifyAppJwt(
      credential.token,
      ctx.key.publicKey,
      ctx.world.app.id,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) throw new HttpError(401, check.message);
    return { kind: "app" };
  }
  const token = ctx.tokens.find(
    credential.scheme === "basic" ? credential.password : credential.token,
  );
  if (!token) throw new HttpError(401, "Bad credentials");
  return { kind: "installation", token, user: ctx.world.app.bot };
}

function authorize(route: Route, caller: Caller | null): Caller {
  if (route.auth === "any") return caller ?? { kind: "app" };
  if (!caller) throw new HttpError(401, "Requires authentication");
  if (route.auth === "app" && caller.kind !== "app")
    throw new HttpError(401, "A JSON web token could not be decoded");
  if (route.auth === "installation" && caller.kind !== "installation") {
    throw new HttpError(403, "Resource not accessible by integration");
  }
  return caller;
}

function send(res: ServerResponse, response: RouteResponse, headers: Record<string, string>): void {
  const all = { ...headers, ...response.headers };
  if (response.raw) {
    res.writeHead(response.status, {
      ...all,
      "content-type": response.raw.contentType,
      "content-length": String(response.raw.data.length),
    });
    res.end(response.raw.data);
  } else if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, all);
    res.end();
  } else {
    const text = JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...all,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}

export async function handleRest(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const id = requestId();
  const method = (req.method ?? "GET").toUpperCase();
  const rawPath = url.pathname.slice(API_PREFIX.length) || "/";
  const segments = splitPath(rawPath);
  const path = segments ? `/${segments.join("/")}` : rawPath;
  const headers: Record<string, string> = {
    "x-github-request-id": id,
    "x-github-media-type": "github.v3; format=json",
    "x-github-api-version-selected": "2022-11-28",
    "x-github-enterprise-version": "3.19.0",
    ...rateHeaders(ctx.rates.peek("anonymous")),
  };
  let response: RouteResponse;
  try {
    const buffer = await readBody(req);
    const fault = ctx.faults.take(method, path, id, Math.floor(Date.now() / 1000));
    const failWith = (failure: NonNullable<typeof fault>) =>
      new HttpError(failure.status, failure.message, {}, failure.documentationUrl, failure.headers);
    if (fault && !fault.afterEffect) throw failWith(fault);
    const body = parseJson(buffer);
    const caller = authenticate(ctx, req.headers.authorization);
    Object.assign(headers, rateHeaders(ctx.rates.hit(caller?.kind ?? "anonymous")));
    if (!segments) throw notFound();
    const found = bestMatch(routesByMethod.get(method) ?? [], segments);
    const authorized = found ? authorize(found.item, caller) : null;
    const check = await checkRequest(method, segments, url.searchParams, body);
    if (check.problems.length > 0) {
      const message = check.problems.join("; ");
      ctx.violations.push({ method, path, message });
      if (ctx.strictOpenApi && check.operationId !== null) {
        throw new HttpError(
          400,
          `Request does not match GitHub's OpenAPI description of ${check.operationId}: ${message}`,
        );
      }
    }
    if (!found || !authorized) throw notFound();
    response = await found.item.handler({
      ctx,
      method,
      params: found.params,
      query: url.searchParams,
      body,
      headers: req.headers,
      caller: authorized,
      url: new URL(`${ctx.urls.web}${url.pathname}${url.search}`),
    });
    if (fault) throw failWith(fault);
  } catch (error) {
    if (error instanceof HttpError) {
      response = { status: error.status, body: error.body(), headers: error.headers };
    } else {
      response = {
        status: 500,
        body: {
          message: `Simulator error: ${errorMessage(error)}`,
          documentation_url: "https://docs.github.com/rest",
        },
      };
    }
  }
  ctx.requests.push({
    method,
    path,
    search: url.search,
    status: response.status,
    at: Date.now(),
  });
  send(res, response, headers);
}
