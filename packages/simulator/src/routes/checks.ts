import { z } from "zod";
import { gitDirOf } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { gitText, revParse } from "../git.js";
import type { CheckRunRecord, RepoRecord } from "../model.js";
import { fullName } from "../model.js";
import { assertWritable } from "../ops/common.js";
import { renderApp, type Urls } from "../render.js";
import type { World } from "../world.js";
import { numberParam, ok, paginate, parseBody, repoOf, route, type Route } from "./kit.js";

/**
 * Check runs (create, list for a ref) and the files a pull request changes — what an app needs
 * to tell a pull request's author about a bad config file.
 */

const createBody = z.object({
  name: z.string().min(1),
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  status: z.enum(["queued", "in_progress", "completed"]).optional(),
  conclusion: z
    .enum(["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"])
    .optional(),
  output: z.object({ title: z.string(), summary: z.string() }).partial().optional(),
});

function renderCheckRun(world: World, repo: RepoRecord, run: CheckRunRecord, urls: Urls) {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    external_id: "",
    url: `${urls.api}/repos/${fullName(repo)}/check-runs/${run.id}`,
    html_url: `${urls.web}/${fullName(repo)}/runs/${run.id}`,
    details_url: null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.createdAt,
    completed_at: run.status === "completed" ? run.createdAt : null,
    output: {
      title: run.title,
      summary: run.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${urls.api}/repos/${fullName(repo)}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: null,
    app: renderApp(world.app, urls),
    pull_requests: [],
  };
}

export const checkRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/check-runs", "installation", async (req) => {
    const repo = repoOf(req);
    assertWritable(repo);
    const body = parseBody(createBody, req.body);
    const gitDir = gitDirOf(req.ctx.dataDir, repo);
    if ((await revParse(gitDir, `${body.head_sha}^{commit}`)) === null) {
      throw new HttpError(422, "No commit found for SHA: " + body.head_sha);
    }
    const status = body.conclusion ? "completed" : (body.status ?? "queued");
    const run: CheckRunRecord = {
      id: req.ctx.world.nextId("checkRun"),
      name: body.name,
      headSha: body.head_sha,
      status,
      conclusion: body.conclusion ?? null,
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      createdAt: req.ctx.world.timestamp(),
    };
    repo.checkRuns.push(run);
    return ok(renderCheckRun(req.ctx.world, repo, run, req.ctx.urls), 201);
  }),

  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", "installation", async (req) => {
    const repo = repoOf(req);
    const pull = req.ctx.world.issue(repo, numberParam(req, "pull_number"))?.pull;
    if (!pull) throw notFound();
    const gitDir = gitDirOf(req.ctx.dataDir, repo);
    const base = await gitText(gitDir, ["merge-base", pull.baseSha, pull.headSha], {
      okCodes: [1],
    });
    const out = base ? await gitText(gitDir, ["diff", "--numstat", base, pull.headSha]) : "";
    const files = out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [a = "0", d = "0", filename = ""] = line.split("\t");
        const additions = Number(a) || 0;
        const deletions = Number(d) || 0;
        return {
          sha: pull.headSha,
          filename,
          status: "modified",
          additions,
          deletions,
          changes: additions + deletions,
          blob_url: `${req.ctx.urls.web}/${fullName(repo)}/blob/${pull.headSha}/${filename}`,
          raw_url: `${req.ctx.urls.web}/${fullName(repo)}/raw/${pull.headSha}/${filename}`,
          contents_url: `${req.ctx.urls.api}/repos/${fullName(repo)}/contents/${filename}?ref=${pull.headSha}`,
        };
      });
    const { page, headers } = paginate(req, files);
    return ok(page, 200, headers);
  }),
];
