import { z } from "zod";
import { notFound } from "../errors.js";
import type { IssueRecord, RepoRecord } from "../model.js";
import { createPull, mergePull, updatePull } from "../ops/pulls.js";
import { renderPull, renderPullSummary } from "../render-issues.js";
import {
  actor,
  numberParam,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  sortBy,
  type Route,
  type RouteRequest,
} from "./kit.js";

/** Pull requests: list (with head/base filters), get, create, update, merge. */

const createBody = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  head: z.string(),
  base: z.string(),
  draft: z.boolean().optional(),
});

const updateBody = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  state: z.enum(["open", "closed"]).optional(),
  base: z.string().optional(),
});

function pullOf(req: RouteRequest, repo: RepoRecord): IssueRecord {
  const issue = req.ctx.world.issue(repo, numberParam(req, "pull_number"));
  if (!issue?.pull) throw notFound();
  return issue;
}

export const pullRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/pulls", "installation", (req) => {
    const repo = repoOf(req);
    const state = req.query.get("state") ?? "open";
    const head = req.query.get("head");
    const base = req.query.get("base");
    const pulls = repo.issues.filter((issue) => {
      const pull = issue.pull;
      if (!pull) return false;
      if (state !== "all" && issue.state !== state) return false;
      if (base && pull.baseRef !== base) return false;
      // GitHub silently ignores a `head` without the `owner:` prefix and lists every PR.
      if (head?.includes(":")) {
        const colon = head.indexOf(":");
        if (head.slice(0, colon).toLowerCase() !== repo.owner.login.toLowerCase()) return false;
        if (pull.headRef !== head.slice(colon + 1)) return false;
      }
      return true;
    });
    const sort = req.query.get("sort");
    const direction =
      req.query.get("direction") ?? (sort === null || sort === "created" ? "desc" : "asc");
    const sorted = sortBy(
      pulls,
      sort === "updated" ? (i) => i.updatedAt : (i) => i.createdAt,
      direction,
    );
    const { page, headers } = paginate(req, sorted);
    return ok(
      page.map((issue) => renderPullSummary(req.ctx.world, repo, issue, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", "installation", (req) => {
    const repo = repoOf(req);
    return ok(renderPull(req.ctx.world, repo, pullOf(req, repo), req.ctx.urls));
  }),

  route("POST", "/repos/{owner}/{repo}/pulls", "installation", async (req) => {
    const repo = repoOf(req);
    const issue = await createPull(req.ctx, repo, actor(req), parseBody(createBody, req.body));
    const rendered = renderPull(req.ctx.world, repo, issue, req.ctx.urls);
    return ok(rendered, 201, { location: String(rendered.url) });
  }),

  route("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", "installation", async (req) => {
    const repo = repoOf(req);
    const issue = pullOf(req, repo);
    await updatePull(req.ctx, repo, issue, actor(req), parseBody(updateBody, req.body));
    return ok(renderPull(req.ctx.world, repo, issue, req.ctx.urls));
  }),

  route("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", "installation", async (req) => {
    const repo = repoOf(req);
    const sha = await mergePull(req.ctx, repo, pullOf(req, repo), actor(req));
    return ok({ sha, merged: true, message: "Pull Request successfully merged" });
  }),
];
