import { z } from "zod";
import { renderWorkflow } from "../actions/render.js";
import { HttpError, notFound } from "../errors.js";
import { fullName } from "../model.js";
import { assertWritable } from "../ops/common.js";
import {
  actor,
  noContent,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  stringParam,
  type Route,
} from "./kit.js";

/** Workflows and `workflow_dispatch`: the one way the bot starts a run. */

const dispatchBody = z.object({
  ref: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()).default({}),
  return_run_details: z.boolean().optional(),
});

/** The keys an older GitHub Enterprise Server accepts in a dispatch body. */
const GHES_KEYS = new Set(["ref", "inputs"]);

export const actionsDispatchRoutes: Route[] = [
  route(
    "POST",
    "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    "installation",
    async (req) => {
      const { ctx } = req;
      const repo = repoOf(req);
      assertWritable(repo);
      if (ctx.actions.mode === "ghes" && typeof req.body === "object" && req.body !== null) {
        const unknown = Object.keys(req.body).filter((key) => !GHES_KEYS.has(key));
        if (unknown.length > 0) {
          throw new HttpError(
            400,
            `Invalid request.\n\n${unknown.map((key) => `"${key}" is not a permitted key.`).join("\n")}`,
          );
        }
      }
      const body = parseBody(dispatchBody, req.body);
      const run = await ctx.actions.dispatch(ctx, repo, actor(req), {
        workflow: stringParam(req, "workflow_id"),
        ref: body.ref,
        inputs: body.inputs,
      });
      if (ctx.actions.mode === "ghes" || body.return_run_details !== true) return noContent();
      return ok({
        workflow_run_id: run.id,
        run_url: `${ctx.urls.api}/repos/${fullName(repo)}/actions/runs/${run.id}`,
        html_url: `${ctx.urls.web}/${fullName(repo)}/actions/runs/${run.id}`,
      });
    },
  ),

  route("GET", "/repos/{owner}/{repo}/actions/workflows", "installation", async (req) => {
    const repo = repoOf(req);
    const workflows = await req.ctx.actions.workflows.list(req.ctx, repo);
    const { page, headers } = paginate(req, workflows);
    return ok(
      {
        total_count: workflows.length,
        workflows: page.map((w) => renderWorkflow(repo, w, req.ctx.urls)),
      },
      200,
      headers,
    );
  }),

  route(
    "GET",
    "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
    "installation",
    async (req) => {
      const repo = repoOf(req);
      const workflow = await req.ctx.actions.workflows.find(
        req.ctx,
        repo,
        stringParam(req, "workflow_id"),
      );
      if (!workflow) throw notFound();
      return ok(renderWorkflow(repo, workflow, req.ctx.urls));
    },
  ),
];
