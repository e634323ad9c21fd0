/**
 * Routes keep credentials out of the sandbox: the agent talks plain HTTP to
 * `http://127.0.0.1:<port>/<name>/<path>` (e.g. `ANTHROPIC_BASE_URL=http://127.0.0.1:8080/anthropic`)
 * and the proxy sends the request over TLS to the route's target with the route's headers set.
 */
import { validateHeaderName, validateHeaderValue } from "node:http";

export interface Route {
  /** An `https://` URL, optionally with a base path the agent's paths are appended to. */
  target: string;
  /** Set on every request, replacing what the agent sent under these names (e.g. `x-api-key`). */
  headers?: Readonly<Record<string, string>>;
  /** Extra CA certificates (PEM) to trust for this target; the system's are trusted either way. */
  ca?: string;
}

export interface CompiledRoute {
  host: string;
  port: number;
  basePath: string;
  headers: Readonly<Record<string, string>>;
  ca?: string;
}

const ROUTE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

function compileRoute(name: string, route: Route): CompiledRoute {
  const where = `egress route ${JSON.stringify(name)}`;
  if (!ROUTE_NAME.test(name)) throw new Error(`${where}: a route name is letters, digits, . _ -`);
  const url = URL.canParse(route.target) ? new URL(route.target) : undefined;
  if (url?.protocol !== "https:" || url.username !== "" || url.search !== "") {
    throw new Error(`${where}: target must be an https:// URL without credentials or query`);
  }
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(route.headers ?? {})) {
    validateHeaderName(header);
    validateHeaderValue(header, value);
    headers[header.toLowerCase()] = value;
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? 443 : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ""),
    headers,
    ...(route.ca === undefined ? {} : { ca: route.ca }),
  };
}

/** Throws on a bad route: the operator's config is wrong, not the agent. */
export function compileRoutes(routes: Readonly<Record<string, Route>>): Map<string, CompiledRoute> {
  return new Map(Object.entries(routes).map(([name, route]) => [name, compileRoute(name, route)]));
}

/**
 * `/<name>/<rest>` → the route and the upstream path. Dot segments are resolved first, as an
 * origin server would, so `..` can neither climb out of the base path nor change the route.
 */
export function matchRoute(
  routes: ReadonlyMap<string, CompiledRoute>,
  path: string,
): { name: string; route: CompiledRoute; path: string } | undefined {
  // Appended to an origin rather than resolved against one, so `//host` stays a path.
  const url = new URL(`http://route.invalid${path.startsWith("/") ? "" : "/"}${path}`);
  const match = /^\/([^/]+)(.*)$/s.exec(url.pathname);
  const name = match?.[1];
  const route = name === undefined ? undefined : routes.get(name);
  if (name === undefined || route === undefined) return undefined;
  const rest = `${route.basePath}${match?.[2] ?? ""}`;
  return { name, route, path: `${rest === "" ? "/" : rest}${url.search}` };
}
