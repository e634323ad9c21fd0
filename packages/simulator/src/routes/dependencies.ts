import { z } from "zod";
import { HttpError, notFound, validationFailed } from "../errors.js";
import { assertWritable } from "../ops/common.js";
import { renderIssue } from "../render-issues.js";
import { issueOf, numberParam, ok, paginate, parseBody, repoOf, route, type Route } from "./kit.js";

/**
 * GitHub's native issue dependencies ("blocked by"), within one repository. Changing them emits
 * no webhook here (GitHub's `issue_dependencies` events are not simulated).
 */

const addBody = z.object({ issue_id: z.number().int() });

export const dependencyRoutes: Route[] = [
  route(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
    "installation",
    (req) => {
      const repo = repoOf(req);
      const { page, headers } = paginate(req, issueOf(req, repo).blockedBy);
      return ok(
        page.map((i) => renderIssue(req.ctx.world, repo, i, req.ctx.urls)),
        200,
        headers,
      );
    },
  ),

  route(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking",
    "installation",
    (req) => {
      const repo = repoOf(req);
      const issue = issueOf(req, repo);
      const { page, headers } = paginate(
        req,
        repo.issues.filter((other) => other.blockedBy.includes(issue)),
      );
      return ok(
        page.map((i) => renderIssue(req.ctx.world, repo, i, req.ctx.urls)),
        200,
        headers,
      );
    },
  ),

  route(
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
    "installation",
    (req) => {
      const repo = repoOf(req);
      assertWritable(repo);
      const issue = issueOf(req, repo);
      const { issue_id } = parseBody(addBody, req.body);
      const blocker = repo.issues.find((i) => i.id === issue_id);
      if (!blocker) throw notFound();
      if (blocker === issue || issue.blockedBy.includes(blocker)) {
        throw validationFailed([
          { resource: "IssueDependency", code: "invalid", field: "issue_id" },
        ]);
      }
      issue.blockedBy.push(blocker);
      return ok(renderIssue(req.ctx.world, repo, blocker, req.ctx.urls), 201);
    },
  ),

  route(
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}",
    "installation",
    (req) => {
      const repo = repoOf(req);
      assertWritable(repo);
      const issue = issueOf(req, repo);
      const id = numberParam(req, "issue_id");
      const blocker = issue.blockedBy.find((i) => i.id === id);
      if (!blocker) throw new HttpError(404, "Not Found");
      issue.blockedBy = issue.blockedBy.filter((i) => i !== blocker);
      return ok(renderIssue(req.ctx.world, repo, blocker, req.ctx.urls));
    },
  ),
];
