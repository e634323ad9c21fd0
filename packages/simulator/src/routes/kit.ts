import type { IncomingHttpHeaders } from "node:http";
import type { z } from "zod";
import type { InstallationToken } from "../auth.js";
import type { SimContext } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import type { IssueRecord, RepoRecord, UserRecord } from "../model.js";
import { compileTemplate, type Template } from "../template.js";

/** The small toolkit every REST route file uses: types, lookups, pagination, body parsing. */

export type Caller =
  { kind: "app" } | { kind: "installation"; token: InstallationToken; user: UserRecord };

export interface RouteRequest {
  ctx: SimContext;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  caller: Caller;
  /** The request's absolute URL, for Link headers. */
  url: URL;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file contents). */
  raw?: { contentType: string; data: Buffer };
}

export type Handler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** Which credential a route takes: the app JWT, an installation token, or either. */
export type AuthKind = "app" | "installation" | "any";

export interface Route {
  method: string;
  template: Template;
  auth: AuthKind;
  handler: Handler;
}

export const route = (method: string, path: string, auth: AuthKind, handler: Handler): Route => ({
  method,
  template: compileTemplate(path),
  auth,
  handler,
});

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): RouteResponse =>
  headers ? { status, body, headers } : { status, body };

export const noContent = (): RouteResponse => ({ status: 204 });

/** The user a request acts as: the app's bot for installation tokens. */
export function actor(req: RouteRequest): UserRecord {
  return req.caller.kind === "installation" ? req.caller.user : req.ctx.world.app.bot;
}

const param = (req: RouteRequest, name: string): string => {
  const value = req.params[name];
  if (value === undefined) throw notFound();
  return value;
};

/** The repository in the path, if it exists and the caller's token covers it (else 404, as GitHub). */
export function repoOf(req: RouteRequest): RepoRecord {
  const repo = req.ctx.world.repo(param(req, "owner"), param(req, "repo"));
  if (!repo) throw notFound();
  if (req.caller.kind === "installation") {
    const allowed = req.caller.token.repositoryIds;
    if (allowed && !allowed.has(repo.id)) throw notFound();
  }
  return repo;
}

export function numberParam(req: RouteRequest, name: string): number {
  const value = param(req, name);
  if (!/^\d+$/.test(value)) throw notFound();
  return Number(value);
}

export function issueOf(req: RouteRequest, repo: RepoRecord): IssueRecord {
  const issue = req.ctx.world.issue(repo, numberParam(req, "issue_number"));
  if (!issue) throw notFound();
  return issue;
}

export const stringParam = param;

/** Parses a body with zod; a bad body is GitHub's 422 "Invalid request." */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => `For '${issue.path.join("/") || "body"}', ${issue.message}.`)
    .join("\n");
  throw new HttpError(422, `Invalid request.\n\n${details}`);
}

/** One page of `items` plus GitHub's Link header (prev, next, last, first). */
export function paginate<T>(
  req: RouteRequest,
  items: readonly T[],
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(req.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const url = new URL(req.url);
    url.searchParams.set("page", String(n));
    if (req.query.has("per_page")) url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return { page: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** Sorts by a timestamp, ties broken by id (creation order); `desc` unless told `asc`. */
export function sortBy<T extends { id: number }>(
  items: readonly T[],
  key: (item: T) => string,
  direction: string | null,
): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return (a.id - b.id) * sign;
  });
}
