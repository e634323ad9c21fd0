import { gitDirOf } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { lsTree, readBlob, revParse, type TreeEntry } from "../git.js";
import { fullName, type RepoRecord } from "../model.js";
import type { Urls } from "../render.js";
import { ok, repoOf, route, stringParam, type Route } from "./kit.js";

/**
 * `GET /repos/{owner}/{repo}/contents/{path}` read from the bare repository: the JSON form with
 * base64 content by default, the bytes themselves for the raw media type (Probot's config plugin
 * asks for that), a JSON listing for directories whatever the Accept header says.
 */

const RAW_ACCEPT = /application\/vnd\.github(\.v3)?\.raw/;

function entryJson(
  repo: RepoRecord,
  entry: TreeEntry,
  ref: string,
  urls: Urls,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const type =
    entry.type === "tree"
      ? "dir"
      : entry.type === "commit"
        ? "submodule"
        : entry.mode === "120000"
          ? "symlink"
          : "file";
  const self = `${api}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`;
  const html = `${urls.web}/${fullName(repo)}/${entry.type === "tree" ? "tree" : "blob"}/${ref}/${entry.path}`;
  return {
    name: entry.path.split("/").at(-1) ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: gitUrl,
    download_url: type === "file" ? `${urls.web}/raw/${fullName(repo)}/${ref}/${entry.path}` : null,
    type,
    _links: { self, git: gitUrl, html },
  };
}

export const contentsRoute: Route = route(
  "GET",
  "/repos/{owner}/{repo}/contents/{path}",
  "installation",
  async (req) => {
    const { ctx } = req;
    const repo = repoOf(req);
    const gitDir = gitDirOf(ctx.dataDir, repo);
    const ref = req.query.get("ref") ?? repo.defaultBranch;
    const commit = await revParse(gitDir, ref);
    if (!commit) {
      if (!(await revParse(gitDir, repo.defaultBranch)))
        throw new HttpError(404, "This repository is empty.");
      throw new HttpError(404, `No commit found for the ref ${ref}`);
    }
    const path = stringParam(req, "path").replace(/^\/+|\/+$/g, "");
    const [entry] = await lsTree(gitDir, commit, path);
    if (!entry || entry.path !== path) throw notFound();
    if (entry.type === "tree") {
      const children = await lsTree(gitDir, commit, path, true);
      return ok(children.map((child) => entryJson(repo, child, ref, ctx.urls)));
    }
    const data = await readBlob(gitDir, entry.sha);
    if (RAW_ACCEPT.test(req.headers.accept ?? "")) {
      return {
        status: 200,
        raw: { contentType: "application/vnd.github.raw; charset=utf-8", data },
      };
    }
    // GitHub wraps base64 content at 60 characters per line.
    const content = (data.toString("base64").match(/.{1,60}/g) ?? []).join("\n");
    return ok({
      ...entryJson(repo, entry, ref, ctx.urls),
      content: content ? `${content}\n` : "",
      encoding: "base64",
    });
  },
);
