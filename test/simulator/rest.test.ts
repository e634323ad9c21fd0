import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "@octokit/request-error";
import type { Octokit } from "@octokit/rest";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { appJwt, botOctokit, field, installationToken, octokit, start } from "./harness.js";

/** Expects an Octokit call to fail and returns the error (status, body, headers). */
async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

const repo = { owner: "acme", repo: "calculator" };

/** A request Octokit's types would refuse: the point is to send what GitHub's description forbids. */
const untyped = (
  gh: Octokit,
  method: string,
  url: string,
  params: Record<string, unknown>,
): Promise<unknown> => gh.request<unknown>({ method, url, ...params });

describe("simulator REST: authentication", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it("serves the app to its JWT and mints one-hour installation tokens", async () => {
    const app = octokit(sim, appJwt(sim));
    const { data: me } = await app.rest.apps.getAuthenticated();
    expect(me).toMatchObject({ id: sim.appId, slug: "nightshift" });
    const { data: installations } = await app.rest.apps.listInstallations();
    expect(installations).toHaveLength(1);
    expect(installations[0]).toMatchObject({
      id: 1,
      account: { login: "acme" },
      app_id: sim.appId,
    });
    const { data: found } = await app.rest.apps.getRepoInstallation(repo);
    expect(found.id).toBe(1);
    const { data: token, status } = await app.rest.apps.createInstallationAccessToken({
      installation_id: 1,
    });
    expect(status).toBe(201);
    expect(token.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    const lifetime = Date.parse(token.expires_at) - Date.now();
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
  });

  it("answers bad credentials with GitHub's 401 shape", async () => {
    const bad = await failure(octokit(sim, "ghs_notarealtoken").rest.issues.listForRepo(repo));
    expect(bad.status).toBe(401);
    expect(bad.response?.data).toEqual({
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/rest",
      status: "401",
    });
    const anonymous = await failure(octokit(sim).rest.issues.listForRepo(repo));
    expect(anonymous.status).toBe(401);
    expect(field(anonymous.response?.data, "message")).toBe("Requires authentication");
  });

  it("rejects expired, foreign and misplaced JWTs", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await failure(
      octokit(sim, appJwt(sim, { iat: now - 700, exp: now - 100 })).rest.apps.getAuthenticated(),
    );
    expect(expired.status).toBe(401);
    expect(expired.message).toMatch(/Expiration time/);
    const other = await start();
    try {
      const foreign = await failure(octokit(sim, appJwt(other)).rest.apps.getAuthenticated());
      expect(foreign.status).toBe(401);
      expect(foreign.message).toMatch(/could not be decoded/);
    } finally {
      await other.close();
    }
    const tokenOnApp = await failure(
      octokit(sim, await installationToken(sim)).rest.apps.getAuthenticated(),
    );
    expect(tokenOnApp.status).toBe(401);
    const jwtOnRepo = await failure(octokit(sim, appJwt(sim)).rest.issues.listForRepo(repo));
    expect(jwtOnRepo.status).toBe(403);
  });

  it("limits a token to the repositories it was minted for", async () => {
    const app = octokit(sim, appJwt(sim));
    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: 1,
      repositories: ["calculator"],
    });
    const scoped = octokit(sim, data.token);
    await expect(scoped.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(
      (await failure(scoped.rest.repos.get({ owner: "acme", repo: "secret-lab" }))).status,
    ).toBe(404);
    const { data: listed } = await scoped.rest.apps.listReposAccessibleToInstallation();
    expect(listed.repositories.map((r) => r.full_name)).toEqual(["acme/calculator"]);
  });
});

describe("simulator REST: repositories, contents, refs, permissions", () => {
  let sim: Simulator;
  let gh: Octokit;
  beforeAll(async () => {
    sim = await start();
    gh = await botOctokit(sim);
  });
  afterAll(() => sim.close());

  it("describes repositories with GHE-style URLs", async () => {
    const { data } = await gh.rest.repos.get(repo);
    expect(data).toMatchObject({
      full_name: "acme/calculator",
      default_branch: "main",
      private: false,
      archived: false,
      clone_url: `${sim.url}/acme/calculator.git`,
      html_url: `${sim.url}/acme/calculator`,
      owner: { login: "acme", type: "Organization" },
    });
    const { data: lab } = await gh.rest.repos.get({ owner: "acme", repo: "secret-lab" });
    expect(lab).toMatchObject({ private: true, archived: true });
    const { data: listed, headers } = await gh.rest.apps.listReposAccessibleToInstallation({
      per_page: 1,
    });
    expect(listed.total_count).toBe(2);
    expect(headers.link).toContain('rel="next"');
  });

  it("reads files from git as JSON, raw, and directory listings", async () => {
    const { data } = await gh.rest.repos.getContent({ ...repo, path: "src/sum.js" });
    expect(data).toMatchObject({
      type: "file",
      encoding: "base64",
      path: "src/sum.js",
      name: "sum.js",
    });
    const content = String(field(data, "content"));
    expect(Buffer.from(content, "base64").toString()).toBe("export const sum = (a, b) => a + b;\n");
    const raw = await gh.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: ".github/nightshift.yml",
      mediaType: { format: "raw" },
    });
    expect(raw.data).toBe("agent:\n  default: claude\n");
    const dir = await gh.rest.repos.getContent({ ...repo, path: "src" });
    expect(Array.isArray(dir.data) && dir.data.map((e) => [e.name, e.type])).toEqual([
      ["sum.js", "file"],
    ]);
    expect((await failure(gh.rest.repos.getContent({ ...repo, path: "nope.txt" }))).status).toBe(
      404,
    );
    expect(
      (await failure(gh.rest.repos.getContent({ ...repo, path: "README.md", ref: "missing" })))
        .status,
    ).toBe(404);
  });

  it("reads refs and branches from the bare repository", async () => {
    const sha = execFileSync("git", [
      "--git-dir",
      sim.gitDir("acme/calculator"),
      "rev-parse",
      "main",
    ])
      .toString()
      .trim();
    const { data: ref } = await gh.rest.git.getRef({ ...repo, ref: "heads/main" });
    expect(ref).toMatchObject({ ref: "refs/heads/main", object: { sha, type: "commit" } });
    const { data: branch } = await gh.rest.repos.getBranch({ ...repo, branch: "main" });
    expect(branch).toMatchObject({ name: "main", commit: { sha }, protected: false });
    expect((await failure(gh.rest.git.getRef({ ...repo, ref: "heads/nope" }))).status).toBe(404);
    expect((await failure(gh.rest.repos.getBranch({ ...repo, branch: "nope" }))).status).toBe(404);
  });

  it("maps roles to GitHub's legacy permission", async () => {
    const permission = async (name: string, r = "calculator"): Promise<[string, string]> => {
      const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({
        owner: "acme",
        repo: r,
        username: name,
      });
      return [data.permission, data.role_name];
    };
    expect(await permission("maya")).toEqual(["admin", "admin"]);
    expect(await permission("mo")).toEqual(["write", "maintain"]);
    expect(await permission("sam")).toEqual(["write", "write"]);
    expect(await permission("tia")).toEqual(["read", "triage"]);
    expect(await permission("rae")).toEqual(["read", "read"]);
    expect(await permission("outsider")).toEqual(["read", "read"]);
    expect(await permission("outsider", "secret-lab")).toEqual(["none", "none"]);
    const unknown = await failure(
      gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "ghost" }),
    );
    expect(unknown.status).toBe(404);
  });

  it("serves users, the rate limit, and rate-limit headers on every response", async () => {
    expect((await gh.rest.users.getByUsername({ username: "maya" })).data).toMatchObject({
      login: "maya",
      type: "User",
    });
    expect((await gh.rest.users.getByUsername({ username: "nightshift[bot]" })).data.type).toBe(
      "Bot",
    );
    expect((await failure(gh.rest.users.getByUsername({ username: "ghost" }))).status).toBe(404);
    const { data, headers } = await gh.rest.rateLimit.get();
    expect(data.resources.core.limit).toBe(5000);
    const { headers: h } = await gh.rest.issues.listForRepo(repo);
    for (const name of [
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
      "x-ratelimit-used",
      "x-ratelimit-resource",
      "x-github-request-id",
    ]) {
      expect(h[name], name).toBeDefined();
      expect(headers[name], name).toBeDefined();
    }
    expect(Number(h["x-ratelimit-remaining"])).toBeLessThan(5000);
    const missing = await failure(gh.request("GET /repos/{owner}/{repo}/not-a-thing", repo));
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toMatchObject({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest",
    });
  });
});

describe("simulator REST: issues, comments, reactions, labels", () => {
  let sim: Simulator;
  let gh: Octokit;
  beforeAll(async () => {
    sim = await start();
    gh = await botOctokit(sim);
  });
  afterAll(() => sim.close());

  it("lists and filters issues as GitHub does", async () => {
    const numbers = async (params: Record<string, string>): Promise<number[]> =>
      (await gh.rest.issues.listForRepo({ ...repo, ...params })).data.map((i) => i.number);
    expect(await numbers({})).toEqual([2, 1]);
    expect(await numbers({ state: "all", direction: "asc" })).toEqual([1, 2, 3]);
    expect(await numbers({ state: "closed" })).toEqual([3]);
    expect(await numbers({ labels: "priority: high,category: bug" })).toEqual([1]);
    expect(await numbers({ labels: "priority: high,category: feature" })).toEqual([]);
    expect(await numbers({ since: "2030-01-01T00:00:00Z" })).toEqual([]);
    const { data: issue } = await gh.rest.issues.get({ ...repo, issue_number: 1 });
    expect(issue).toMatchObject({
      number: 1,
      state: "open",
      user: { login: "maya" },
      author_association: "COLLABORATOR",
      comments: 1,
    });
    expect(issue.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual([
      "priority: high",
      "category: bug",
    ]);
    expect((await failure(gh.rest.issues.get({ ...repo, issue_number: 99 }))).status).toBe(404);

    const { data: blocked } = await gh.rest.issues.get({ ...repo, issue_number: 2 });
    expect(field(blocked, "issue_dependencies_summary")).toEqual({
      blocked_by: 1,
      blocking: 0,
      total_blocked_by: 1,
      total_blocking: 0,
    });
    const { data: blockers } = await gh.rest.issues.listDependenciesBlockedBy({
      ...repo,
      issue_number: 2,
    });
    expect(blockers.map((i) => i.number)).toEqual([1]);
    const { data: blocking } = await gh.rest.issues.listDependenciesBlocking({
      ...repo,
      issue_number: 1,
    });
    expect(blocking.map((i) => i.number)).toEqual([2]);
  });

  it("creates and edits issues as the bot", async () => {
    const { data: created, status } = await gh.rest.issues.create({
      ...repo,
      title: "Nightshift report",
      body: "dash",
      labels: ["nightshift: report"],
    });
    expect(status).toBe(201);
    expect(created).toMatchObject({
      number: 4,
      user: { login: "nightshift[bot]", type: "Bot" },
      performed_via_github_app: { slug: "nightshift" },
    });
    const { data: edited } = await gh.rest.issues.update({
      ...repo,
      issue_number: 4,
      title: "Report",
      state: "closed",
      state_reason: "not_planned",
    });
    expect(edited).toMatchObject({ title: "Report", state: "closed", state_reason: "not_planned" });
    expect(sim.state.issue("acme/calculator", 4)).toMatchObject({
      title: "Report",
      state: "closed",
      labels: ["nightshift: report"],
    });
    expect(sim.state.labels("acme/calculator").map((l) => l.name)).toContain("nightshift: report");
  });

  it("creates, edits and deletes comments, and reacts to them", async () => {
    const { data: comments } = await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([["maya", "/approve"]]);
    const approve = comments[0];
    if (!approve) throw new Error("no comment");
    const first = await gh.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: approve.id,
      content: "+1",
    });
    const again = await gh.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: approve.id,
      content: "+1",
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    const { data: reactions } = await gh.rest.reactions.listForIssueComment({
      ...repo,
      comment_id: approve.id,
    });
    expect(reactions.map((r) => [r.content, r.user?.login])).toEqual([["+1", "nightshift[bot]"]]);
    expect(sim.state.reactions("acme/calculator", approve.id)).toEqual([
      { id: first.data.id, content: "+1", user: "nightshift[bot]" },
    ]);

    const { data: mine, status } = await gh.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: "Approved.",
    });
    expect(status).toBe(201);
    expect(mine).toMatchObject({
      body: "Approved.",
      user: { login: "nightshift[bot]" },
    });
    expect(mine.html_url).toBe(`${sim.url}/acme/calculator/issues/1#issuecomment-${mine.id}`);
    await gh.rest.issues.updateComment({
      ...repo,
      comment_id: mine.id,
      body: "Approved (edited).",
    });
    expect((await gh.rest.issues.getComment({ ...repo, comment_id: mine.id })).data.body).toBe(
      "Approved (edited).",
    );
    expect((await gh.rest.issues.deleteComment({ ...repo, comment_id: mine.id })).status).toBe(204);
    expect(
      (await failure(gh.rest.issues.getComment({ ...repo, comment_id: mine.id }))).status,
    ).toBe(404);
  });

  it("manages labels with GitHub's errors", async () => {
    const { status } = await gh.rest.issues.createLabel({
      ...repo,
      name: "needs-approval",
      color: "fbca04",
    });
    expect(status).toBe(201);
    const duplicate = await failure(
      gh.rest.issues.createLabel({ ...repo, name: "Needs-Approval" }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.response?.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
    expect((await gh.rest.issues.getLabel({ ...repo, name: "priority: high" })).data).toMatchObject(
      { color: "d93f0b", description: "Soon" },
    );
    await gh.rest.issues.updateLabel({
      ...repo,
      name: "needs-approval",
      color: "000000",
      description: "Waiting",
    });

    const { data: after } = await gh.rest.issues.addLabels({
      ...repo,
      issue_number: 2,
      labels: ["needs-approval", "brand new"],
    });
    expect(after.map((l) => l.name)).toEqual(["category: feature", "needs-approval", "brand new"]);
    expect((await gh.rest.issues.getLabel({ ...repo, name: "brand new" })).data.color).toBe(
      "ededed",
    );
    const { data: removed } = await gh.rest.issues.removeLabel({
      ...repo,
      issue_number: 2,
      name: "needs-approval",
    });
    expect(removed.map((l) => l.name)).toEqual(["category: feature", "brand new"]);
    const missing = await failure(
      gh.rest.issues.removeLabel({ ...repo, issue_number: 2, name: "needs-approval" }),
    );
    expect(missing.status).toBe(404);
    expect(field(missing.response?.data, "message")).toBe("Label does not exist");
    await gh.rest.issues.setLabels({ ...repo, issue_number: 2, labels: ["priority: high"] });
    expect(sim.state.labelsOf("acme/calculator", 2)).toEqual(["priority: high"]);
    expect(
      (await gh.rest.issues.listLabelsOnIssue({ ...repo, issue_number: 2 })).data.map(
        (l) => l.name,
      ),
    ).toEqual(["priority: high"]);
    expect((await gh.rest.issues.deleteLabel({ ...repo, name: "brand new" })).status).toBe(204);
    expect((await failure(gh.rest.issues.getLabel({ ...repo, name: "brand new" }))).status).toBe(
      404,
    );
  });
});

describe("simulator REST: pagination", () => {
  let sim: Simulator;
  beforeAll(async () => {
    const issues = Array.from({ length: 45 }, (_, i) => ({
      title: `Issue ${i + 1}`,
      author: "maya",
    }));
    sim = await start({
      scenario: {
        users: [{ login: "maya" }],
        repositories: [{ owner: "acme", name: "big", issues }],
      },
    });
  });
  afterAll(() => sim.close());

  it("pages with GitHub's Link header and Octokit follows it", async () => {
    const gh = await botOctokit(sim);
    const first = await gh.rest.issues.listForRepo({ owner: "acme", repo: "big", per_page: 20 });
    expect(first.data).toHaveLength(20);
    const base = `${sim.apiUrl}/repos/acme/big/issues`;
    expect(first.headers.link).toBe(
      `<${base}?per_page=20&page=2>; rel="next", <${base}?per_page=20&page=3>; rel="last"`,
    );
    const second = await gh.rest.issues.listForRepo({
      owner: "acme",
      repo: "big",
      per_page: 20,
      page: 2,
    });
    expect(second.headers.link).toContain('rel="prev"');
    expect(second.headers.link).toContain('rel="first"');
    const all = await gh.paginate(gh.rest.issues.listForRepo, {
      owner: "acme",
      repo: "big",
      per_page: 20,
      direction: "asc",
    });
    expect(all.map((i) => i.number)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    const capped = await gh.rest.issues.listForRepo({ owner: "acme", repo: "big", per_page: 500 });
    expect(capped.data).toHaveLength(45);
  });
});

describe("simulator REST: faults and OpenAPI", () => {
  let sim: Simulator;
  let gh: Octokit;
  beforeAll(async () => {
    sim = await start();
    gh = await botOctokit(sim);
  });
  afterAll(() => sim.close());

  it("fails the next matching requests as configured", async () => {
    sim.faults.add({ method: "GET", pathPattern: /\/issues$/, status: 502, times: 1 });
    expect((await failure(gh.rest.issues.listForRepo(repo))).status).toBe(502);
    await expect(gh.rest.issues.listForRepo(repo)).resolves.toMatchObject({ status: 200 });

    sim.faults.add({ pathPattern: /\/comments$/, status: 403, times: 1, secondaryRateLimit: true });
    const secondary = await failure(
      gh.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" }),
    );
    expect(secondary.status).toBe(403);
    expect(secondary.message).toMatch(/secondary rate limit/);
    expect(secondary.response?.headers["retry-after"]).toBe("1");
    expect(sim.state.comments("acme/calculator", 1)).toHaveLength(1);

    sim.faults.add({ pathPattern: /^\/repos\/acme\/calculator$/, status: 429, times: 1 });
    const primary = await failure(gh.rest.repos.get(repo));
    expect(primary.status).toBe(429);
    expect(primary.response?.headers["x-ratelimit-remaining"]).toBe("0");
  });

  it("answers requests that break GitHub's OpenAPI description with 400 and records them", async () => {
    const before = sim.violations.length;
    const noTitle = await failure(
      untyped(gh, "POST", "/repos/{owner}/{repo}/issues", { ...repo, body: "no title" }),
    );
    expect(noTitle.status).toBe(400);
    expect(noTitle.message).toMatch(/issues\/create.*title/);
    const badQuery = await failure(
      untyped(gh, "GET", "/repos/{owner}/{repo}/issues", { ...repo, state: "bogus" }),
    );
    expect(badQuery.status).toBe(400);
    expect(badQuery.message).toMatch(/state/);
    const badType = await failure(
      untyped(gh, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", {
        ...repo,
        issue_number: 1,
        labels: [7],
      }),
    );
    expect(badType.status).toBe(400);
    const unknown = await failure(gh.request("GET /repos/{owner}/{repo}/nonsense", repo));
    expect(unknown.status).toBe(404);
    expect(sim.violations.slice(before).map((v) => [v.method, v.path])).toEqual([
      ["POST", "/repos/acme/calculator/issues"],
      ["GET", "/repos/acme/calculator/issues"],
      ["POST", "/repos/acme/calculator/issues/1/labels"],
      ["GET", "/repos/acme/calculator/nonsense"],
    ]);
  });

  it("only records violations when strictOpenApi is off", async () => {
    const lax = await start({ strictOpenApi: false });
    try {
      const client = await botOctokit(lax);
      const error = await failure(
        untyped(client, "POST", "/repos/{owner}/{repo}/issues", { ...repo, body: "no title" }),
      );
      expect(error.status).toBe(422); // the route's own validation, as GitHub would answer
      expect(lax.violations).toHaveLength(1);
    } finally {
      await lax.close();
    }
  });
});
