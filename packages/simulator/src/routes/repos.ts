import { gitDirOf } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { branches, commitInfo, git, revParse } from "../git.js";
import { fullName, type Role } from "../model.js";
import { renderRepo, renderUser } from "../render.js";
import { contentsRoute } from "./contents.js";
import { ok, paginate, repoOf, route, stringParam, type RouteRequest, type Route } from "./kit.js";

/** Repository metadata, refs, branches and the collaborator permission check. */

/** GitHub's legacy `permission` folds the finer roles: maintain → write, triage → read. */
const LEGACY_PERMISSION: Record<Role, "admin" | "write" | "read"> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

const RANK: Record<Role, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** The `permissions` object GitHub gives a collaborator of this rank (0: none). */
const permissions = (rank: number): Record<string, boolean> => ({
  admin: rank >= 5,
  maintain: rank >= 4,
  push: rank >= 3,
  triage: rank >= 2,
  pull: rank >= 1,
});

async function branchJson(
  req: RouteRequest,
  name: string,
  sha: string,
): Promise<Record<string, unknown>> {
  const { ctx } = req;
  const repo = repoOf(req);
  const info = await commitInfo(gitDirOf(ctx.dataDir, repo), sha);
  const api = `${ctx.urls.api}/repos/${fullName(repo)}`;
  const web = `${ctx.urls.web}/${fullName(repo)}`;
  const person = (n: string, email: string, date: string): Record<string, string> => ({
    name: n,
    email,
    date,
  });
  const account = (login: string): Record<string, unknown> | null => {
    const user = ctx.world.user(login);
    return user ? renderUser(user, ctx.urls) : null;
  };
  return {
    name,
    commit: {
      sha,
      node_id: Buffer.from(`06:Commit${repo.id}:${sha}`).toString("base64"),
      commit: {
        author: person(info.authorName, info.authorEmail, info.authorDate),
        committer: person(info.committerName, info.committerEmail, info.committerDate),
        message: info.message,
        tree: { sha: info.tree, url: `${api}/git/trees/${info.tree}` },
        url: `${api}/git/commits/${sha}`,
        comment_count: 0,
        verification: {
          verified: false,
          reason: "unsigned",
          signature: null,
          payload: null,
          verified_at: null,
        },
      },
      url: `${api}/commits/${sha}`,
      html_url: `${web}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      author: account(info.authorName),
      committer: account(info.committerName),
      parents: info.parents.map((p) => ({
        sha: p,
        url: `${api}/commits/${p}`,
        html_url: `${web}/commit/${p}`,
      })),
    },
    _links: { self: `${api}/branches/${encodeURIComponent(name)}`, html: `${web}/tree/${name}` },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
    },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}

export const repoRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}", "installation", (req) => {
    const repo = repoOf(req);
    return ok({
      ...renderRepo(repo, req.ctx.urls),
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    });
  }),

  contentsRoute,

  route("GET", "/repos/{owner}/{repo}/git/ref/{ref}", "installation", async (req) => {
    const repo = repoOf(req);
    const ref = `refs/${stringParam(req, "ref")}`;
    const gitDir = gitDirOf(req.ctx.dataDir, repo);
    const { stdout, code } = await git(gitDir, ["rev-parse", "--verify", "--quiet", ref], {
      okCodes: [1, 128],
    });
    if (code !== 0 || !(ref.startsWith("refs/heads/") || ref.startsWith("refs/tags/")))
      throw notFound();
    const sha = stdout.toString().trim();
    const type = (await git(gitDir, ["cat-file", "-t", sha])).stdout.toString().trim();
    const api = `${req.ctx.urls.api}/repos/${fullName(repo)}`;
    return ok({
      ref,
      node_id: Buffer.from(`03:Ref${repo.id}:${ref}`).toString("base64"),
      url: `${api}/git/${ref}`,
      object: { sha, type, url: `${api}/git/${type}s/${sha}` },
    });
  }),

  route("GET", "/repos/{owner}/{repo}/branches", "installation", async (req) => {
    const repo = repoOf(req);
    const tips = [...(await branches(gitDirOf(req.ctx.dataDir, repo)))].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    const { page, headers } = paginate(req, tips);
    const api = `${req.ctx.urls.api}/repos/${fullName(repo)}`;
    return ok(
      page.map(([name, sha]) => ({
        name,
        commit: { sha, url: `${api}/commits/${sha}` },
        protected: false,
      })),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/branches/{branch}", "installation", async (req) => {
    const repo = repoOf(req);
    const name = stringParam(req, "branch");
    const sha = await revParse(gitDirOf(req.ctx.dataDir, repo), `refs/heads/${name}`);
    if (!sha)
      throw new HttpError(
        404,
        "Branch not found",
        {},
        "https://docs.github.com/rest/branches/branches#get-a-branch",
      );
    return ok(await branchJson(req, name, sha));
  }),

  route("GET", "/repos/{owner}/{repo}/collaborators", "installation", (req) => {
    const { ctx } = req;
    const repo = repoOf(req);
    // Everyone with a role: the collaborators, and the owner when the owner is a user.
    const rows = new Map<string, Record<string, unknown>>();
    for (const user of [
      repo.owner,
      ...[...repo.collaborators.keys()].map((l) => ctx.world.user(l)),
    ]) {
      const role = user ? ctx.world.role(repo, user) : null;
      if (!user || !role) continue;
      const row = {
        ...renderUser(user, ctx.urls),
        permissions: permissions(RANK[role]),
        role_name: role,
      };
      rows.set(user.login.toLowerCase(), row);
    }
    const { page, headers } = paginate(req, [...rows.values()]);
    return ok(page, 200, headers);
  }),

  route(
    "GET",
    "/repos/{owner}/{repo}/collaborators/{username}/permission",
    "installation",
    (req) => {
      const { ctx } = req;
      const repo = repoOf(req);
      const user = ctx.world.user(stringParam(req, "username"));
      if (!user) throw notFound();
      const role = ctx.world.role(repo, user);
      const permission = role ? LEGACY_PERMISSION[role] : repo.private ? "none" : "read";
      const roleName = role ?? permission;
      const rank = role ? RANK[role] : permission === "read" ? 1 : 0;
      return ok({
        permission,
        role_name: roleName,
        user: {
          ...renderUser(user, ctx.urls),
          permissions: permissions(rank),
          role_name: roleName,
        },
      });
    },
  ),
];
