import { z } from "zod";
import { HttpError, notFound } from "../errors.js";
import type { IssueRecord, LabelRecord, RepoRecord } from "../model.js";
import { addLabels, removeLabel, setLabels } from "../ops/issues.js";
import { createLabel, deleteLabel, updateLabel } from "../ops/labels.js";
import { renderLabel } from "../render.js";
import {
  actor,
  issueOf,
  noContent,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  stringParam,
  type Route,
  type RouteRequest,
  type RouteResponse,
} from "./kit.js";

/** Repository labels and the labels on one issue. */

const createBody = z.object({
  name: z.string().min(1),
  color: z.string().optional(),
  description: z.string().optional(),
});
const updateBody = z.object({
  new_name: z.string().min(1).optional(),
  color: z.string().optional(),
  description: z.string().optional(),
});

const labelName = z.union([z.string(), z.object({ name: z.string() }).transform((l) => l.name)]);
// GitHub still accepts the older forms (a bare array, a single string) besides `{ labels: [...] }`.
const issueLabelsBody = z.union([
  z.object({ labels: z.array(labelName) }).transform((b) => b.labels),
  z.array(labelName),
  z.string().transform((s) => [s]),
]);

function labelOf(req: RouteRequest, repo: RepoRecord): LabelRecord {
  const label = req.ctx.world.label(repo, stringParam(req, "name"));
  if (!label) throw notFound();
  return label;
}

const issueLabels = (
  req: RouteRequest,
  repo: RepoRecord,
  issue: IssueRecord,
  status = 200,
): RouteResponse =>
  ok(
    issue.labels.map((l) => renderLabel(repo, l, req.ctx.urls)),
    status,
  );

export const labelRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/labels", "installation", (req) => {
    const repo = repoOf(req);
    const { page, headers } = paginate(req, repo.labels);
    return ok(
      page.map((l) => renderLabel(repo, l, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("POST", "/repos/{owner}/{repo}/labels", "installation", (req) => {
    const repo = repoOf(req);
    const body = parseBody(createBody, req.body);
    const label = createLabel(req.ctx, repo, actor(req), body);
    return ok(renderLabel(repo, label, req.ctx.urls), 201);
  }),

  route("GET", "/repos/{owner}/{repo}/labels/{name}", "installation", (req) => {
    const repo = repoOf(req);
    return ok(renderLabel(repo, labelOf(req, repo), req.ctx.urls));
  }),

  route("PATCH", "/repos/{owner}/{repo}/labels/{name}", "installation", (req) => {
    const repo = repoOf(req);
    const label = labelOf(req, repo);
    updateLabel(req.ctx, repo, label, actor(req), parseBody(updateBody, req.body));
    return ok(renderLabel(repo, label, req.ctx.urls));
  }),

  route("DELETE", "/repos/{owner}/{repo}/labels/{name}", "installation", (req) => {
    const repo = repoOf(req);
    deleteLabel(req.ctx, repo, labelOf(req, repo), actor(req));
    return noContent();
  }),

  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "installation", (req) => {
    const repo = repoOf(req);
    const { page, headers } = paginate(req, issueOf(req, repo).labels);
    return ok(
      page.map((l) => renderLabel(repo, l, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "installation", (req) => {
    const repo = repoOf(req);
    const issue = issueOf(req, repo);
    addLabels(req.ctx, repo, issue, actor(req), parseBody(issueLabelsBody, req.body));
    return issueLabels(req, repo, issue);
  }),

  route("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "installation", (req) => {
    const repo = repoOf(req);
    const issue = issueOf(req, repo);
    setLabels(
      req.ctx,
      repo,
      issue,
      actor(req),
      req.body === undefined ? [] : parseBody(issueLabelsBody, req.body),
    );
    return issueLabels(req, repo, issue);
  }),

  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "installation", (req) => {
    const repo = repoOf(req);
    setLabels(req.ctx, repo, issueOf(req, repo), actor(req), []);
    return noContent();
  }),

  route(
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    "installation",
    (req) => {
      const repo = repoOf(req);
      const issue = issueOf(req, repo);
      const label = req.ctx.world.label(repo, stringParam(req, "name"));
      if (!label || !removeLabel(req.ctx, repo, issue, actor(req), label)) {
        throw new HttpError(
          404,
          "Label does not exist",
          {},
          "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue",
        );
      }
      return issueLabels(req, repo, issue);
    },
  ),
];
