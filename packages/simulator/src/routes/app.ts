import { z } from "zod";
import { HttpError, notFound } from "../errors.js";
import { fullName } from "../model.js";
import { renderApp, renderFullUser, renderInstallation, renderRepo } from "../render.js";
import {
  numberParam,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  stringParam,
  type Route,
} from "./kit.js";

/** The app, its single installation, installation tokens, users and the rate-limit endpoint. */

const tokenRequest = z.object({
  repositories: z.array(z.string()).optional(),
  repository_ids: z.array(z.number().int()).optional(),
  permissions: z.record(z.string(), z.string()).optional(),
});

export const appRoutes: Route[] = [
  route("GET", "/app", "app", ({ ctx }) =>
    ok({ ...renderApp(ctx.world.app, ctx.urls), installations_count: 1 }),
  ),

  route("GET", "/app/installations", "app", ({ ctx }) =>
    ok([renderInstallation(ctx.world.app, ctx.urls)]),
  ),

  route("GET", "/app/installations/{installation_id}", "app", (req) => {
    if (numberParam(req, "installation_id") !== req.ctx.world.app.installationId) throw notFound();
    return ok(renderInstallation(req.ctx.world.app, req.ctx.urls));
  }),

  route("POST", "/app/installations/{installation_id}/access_tokens", "app", (req) => {
    const { ctx } = req;
    if (numberParam(req, "installation_id") !== ctx.world.app.installationId) throw notFound();
    const body = parseBody(tokenRequest, req.body);
    const all = [...ctx.world.repos.values()];
    let scoped: typeof all | null = null;
    if (body.repositories || body.repository_ids) {
      const names = (body.repositories ?? []).map((n) => n.toLowerCase());
      const ids = body.repository_ids ?? [];
      scoped = all.filter((r) => names.includes(r.name.toLowerCase()) || ids.includes(r.id));
      if (scoped.length !== names.length + ids.length) {
        throw new HttpError(
          422,
          "There is at least one repository that does not exist or is not accessible to the parent installation.",
        );
      }
    }
    const token = ctx.tokens.issue(scoped ? new Set(scoped.map((r) => r.id)) : null);
    return ok(
      {
        token: token.token,
        expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: body.permissions ?? ctx.world.app.permissions,
        repository_selection: "selected",
        ...(scoped ? { repositories: scoped.map((r) => renderRepo(r, ctx.urls)) } : {}),
      },
      201,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/installation", "app", (req) => {
    repoOf(req);
    return ok(renderInstallation(req.ctx.world.app, req.ctx.urls));
  }),

  route("GET", "/installation/repositories", "installation", (req) => {
    const { ctx, caller } = req;
    const allowed = caller.kind === "installation" ? caller.token.repositoryIds : null;
    const repos = [...ctx.world.repos.values()]
      .filter((r) => !allowed || allowed.has(r.id))
      .sort((a, b) => fullName(a).localeCompare(fullName(b)));
    const { page, headers } = paginate(req, repos);
    return ok(
      {
        total_count: repos.length,
        repository_selection: "selected",
        repositories: page.map((r) => renderRepo(r, ctx.urls)),
      },
      200,
      headers,
    );
  }),

  route("GET", "/users/{username}", "any", (req) => {
    const user = req.ctx.world.user(stringParam(req, "username"));
    if (!user) throw notFound();
    return ok(renderFullUser(user, req.ctx.urls, req.ctx.world.app.createdAt));
  }),

  route("GET", "/rate_limit", "any", (req) => {
    const key = req.caller.kind === "app" ? "app" : "installation";
    const core = req.ctx.rates.peek(key);
    const rest = {
      limit: core.limit,
      remaining: core.remaining,
      reset: core.reset,
      used: core.used,
    };
    const other = { limit: 5000, remaining: 5000, reset: core.reset, used: 0 };
    return ok({
      resources: {
        core: rest,
        search: { ...other, limit: 30, remaining: 30 },
        graphql: other,
        integration_manifest: other,
      },
      rate: rest,
    });
  }),
];
