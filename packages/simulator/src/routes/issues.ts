import { z } from "zod";
import { validationFailed } from "../errors.js";
import type { IssueRecord, RepoRecord } from "../model.js";
import { editIssue, openIssue } from "../ops/issues.js";
import { renderIssue } from "../render-issues.js";
import { renderMilestone } from "../render.js";
import {
  actor,
  issueOf,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  sortBy,
  type Route,
} from "./kit.js";

/** Issues (pull requests included, as GitHub lists them): list, get, create, update. */

const labelInput = z.union([z.string(), z.object({ name: z.string() }).transform((l) => l.name)]);
const title = z.union([z.string(), z.number()]).transform(String);

const createBody = z.object({
  title,
  body: z.string().nullish(),
  labels: z.array(labelInput).optional(),
});

const updateBody = z.object({
  title: title.nullish(),
  body: z.string().nullish(),
  state: z.enum(["open", "closed"]).optional(),
  state_reason: z.enum(["completed", "not_planned", "reopened", "duplicate"]).nullish(),
  labels: z.array(labelInput).optional(),
});

function sortKey(sort: string | null): (issue: IssueRecord) => string {
  if (sort === "updated") return (i) => i.updatedAt;
  if (sort === "comments") return (i) => String(i.comments.length).padStart(10, "0");
  return (i) => i.createdAt;
}

/** GitHub's `milestone` filter: a milestone's number, `*` (any) or `none`; absent: no filter. */
function milestoneFilter(repo: RepoRecord, wanted: string | null): (issue: IssueRecord) => boolean {
  if (wanted === null) return () => true;
  if (wanted === "*") return (issue) => issue.milestone !== undefined;
  if (wanted === "none") return (issue) => issue.milestone === undefined;
  const milestone = repo.milestones[Number(wanted) - 1];
  return (issue) => milestone !== undefined && issue.milestone === milestone;
}

export const issueRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/milestones", "installation", (req) => {
    const repo = repoOf(req);
    const state = req.query.get("state") ?? "open";
    const listed = repo.milestones.filter((m) => state === "all" || m.state === state);
    const { page, headers } = paginate(req, listed);
    return ok(
      page.map((milestone) => renderMilestone(repo, milestone, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/issues", "installation", (req) => {
    const repo = repoOf(req);
    const state = req.query.get("state") ?? "open";
    const wanted = (req.query.get("labels") ?? "")
      .split(",")
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const since = req.query.get("since");
    const creator = req.query.get("creator")?.toLowerCase();
    const inMilestone = milestoneFilter(repo, req.query.get("milestone"));
    const filtered = repo.issues.filter(
      (issue) =>
        (state === "all" || issue.state === state) &&
        wanted.every((name) => issue.labels.some((l) => l.name.toLowerCase() === name)) &&
        (!since || Date.parse(issue.updatedAt) >= Date.parse(since)) &&
        (!creator || issue.user.login.toLowerCase() === creator) &&
        inMilestone(issue),
    );
    const sorted = sortBy(filtered, sortKey(req.query.get("sort")), req.query.get("direction"));
    const { page, headers } = paginate(req, sorted);
    return ok(
      page.map((issue) => renderIssue(req.ctx.world, repo, issue, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", (req) => {
    const repo = repoOf(req);
    return ok(renderIssue(req.ctx.world, repo, issueOf(req, repo), req.ctx.urls));
  }),

  route("POST", "/repos/{owner}/{repo}/issues", "installation", (req) => {
    const repo = repoOf(req);
    const body = parseBody(createBody, req.body);
    if (body.title.trim() === "")
      throw validationFailed([{ resource: "Issue", code: "missing_field", field: "title" }]);
    const issue = openIssue(req.ctx, repo, actor(req), {
      title: body.title,
      body: body.body ?? null,
      labels: body.labels ?? [],
    });
    const rendered = renderIssue(req.ctx.world, repo, issue, req.ctx.urls);
    return ok(rendered, 201, { location: String(rendered.url) });
  }),

  route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", (req) => {
    const repo = repoOf(req);
    const issue = issueOf(req, repo);
    const body = parseBody(updateBody, req.body);
    const reason = body.state_reason === "duplicate" ? "completed" : body.state_reason;
    editIssue(req.ctx, repo, issue, actor(req), {
      ...(body.title != null ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: body.body } : {}),
      ...(body.state ? { state: body.state, stateReason: reason ?? null } : {}),
      ...(body.labels ? { labels: body.labels } : {}),
    });
    return ok(renderIssue(req.ctx.world, repo, issue, req.ctx.urls));
  }),
];
