import { createdMatches } from "../actions/created-filter.js";
import type { RunRecord } from "../actions/model.js";
import { renderArtifact, renderJob, renderRun } from "../actions/render.js";
import { HttpError, notFound } from "../errors.js";
import type { RepoRecord } from "../model.js";
import {
  numberParam,
  ok,
  paginate,
  repoOf,
  route,
  stringParam,
  type Route,
  type RouteRequest,
} from "./kit.js";

/** Workflow runs: listing (with GitHub's filters), one run, its jobs, its artifacts, cancel. */

function runOf(req: RouteRequest, repo: RepoRecord): RunRecord {
  const run = req.ctx.actions.runs.get(numberParam(req, "run_id"));
  if (run?.repoId !== repo.id) throw notFound();
  return run;
}

const CONCLUSIONS = new Set(["success", "failure", "cancelled", "timed_out"]);

/** GitHub's list filters: event, status (a status or a conclusion), branch, head_sha, created. */
function listed(req: RouteRequest, runs: readonly RunRecord[]): RunRecord[] {
  const { query } = req;
  const status = query.get("status");
  return runs
    .filter((run) => (query.get("event") ?? run.event) === run.event)
    .filter((run) => (query.get("branch") ?? run.headBranch) === run.headBranch)
    .filter((run) => (query.get("head_sha") ?? run.headSha) === run.headSha)
    .filter((run) =>
      status === null
        ? true
        : CONCLUSIONS.has(status)
          ? run.conclusion === status
          : run.status === status,
    )
    .filter((run) => createdMatches(run.createdAt, query.get("created")))
    .sort((a, b) => b.id - a.id);
}

function runList(req: RouteRequest, repo: RepoRecord, runs: readonly RunRecord[]) {
  const matching = listed(req, runs);
  const { page, headers } = paginate(req, matching);
  return ok(
    {
      total_count: matching.length,
      workflow_runs: page.map((run) => renderRun(repo, run, req.ctx.urls)),
    },
    200,
    headers,
  );
}

export const actionsRunRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/actions/runs", "installation", (req) => {
    const repo = repoOf(req);
    return runList(req, repo, req.ctx.actions.runsOf(repo));
  }),

  route(
    "GET",
    "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    "installation",
    async (req) => {
      const repo = repoOf(req);
      const workflow = await req.ctx.actions.workflows.find(
        req.ctx,
        repo,
        stringParam(req, "workflow_id"),
      );
      if (!workflow) throw notFound();
      return runList(
        req,
        repo,
        req.ctx.actions.runsOf(repo).filter((run) => run.workflow.id === workflow.id),
      );
    },
  ),

  route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", "installation", (req) => {
    const repo = repoOf(req);
    return ok(renderRun(repo, runOf(req, repo), req.ctx.urls));
  }),

  route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", "installation", (req) => {
    const repo = repoOf(req);
    const run = runOf(req, repo);
    return ok({ total_count: 1, jobs: [renderJob(repo, run, req.ctx.urls)] });
  }),

  route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", "installation", (req) => {
    const repo = repoOf(req);
    const run = runOf(req, repo);
    const name = req.query.get("name");
    const artifacts = run.artifacts.filter((artifact) => name === null || artifact.name === name);
    const { page, headers } = paginate(req, artifacts);
    return ok(
      {
        total_count: artifacts.length,
        artifacts: page.map((artifact) => renderArtifact(repo, run, artifact, req.ctx.urls)),
      },
      200,
      headers,
    );
  }),

  route(
    "GET",
    "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
    "installation",
    (req) => {
      const { ctx } = req;
      const repo = repoOf(req);
      const found = ctx.actions.artifacts.get(numberParam(req, "artifact_id"));
      if (found?.run.repoId !== repo.id || stringParam(req, "archive_format") !== "zip")
        throw notFound();
      if (found.artifact.expired) throw new HttpError(410, "Artifact has expired");
      const expiresAt = ctx.world.now().getTime() + ctx.actions.downloadTtlMs;
      const location = ctx.downloads.create(ctx.urls.web, found.artifact.data, expiresAt);
      return { status: 302, headers: { location } };
    },
  ),

  route("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", "installation", (req) => {
    const repo = repoOf(req);
    const run = runOf(req, repo);
    if (!req.ctx.actions.cancel(req.ctx, repo, run)) {
      throw new HttpError(409, "Cannot cancel a workflow run that is completed.");
    }
    return ok({}, 202);
  }),
];
