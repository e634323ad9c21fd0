import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { octokitGitHub, type OctokitGitHub } from "../../src/github/octokit-port.js";
import { offlineNock } from "../support/offline-nock.js";

const repo = { owner: "acme", repo: "calc" };
const api = "https://api.github.com";

function port(): OctokitGitHub {
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return octokitGitHub(octokit);
}

const user = (login: string, type = "User") => ({ login, id: 1, type });

offlineNock();

describe("OctokitGitHub", () => {
  it("reads the repository with its clone URL from the API", async () => {
    const scope = nock(api).get("/repos/acme/calc").reply(200, {
      default_branch: "trunk",
      clone_url: "https://ghe.example/acme/calc.git",
      archived: false,
    });
    expect(await port().getRepo(repo)).toEqual({
      ...repo,
      defaultBranch: "trunk",
      cloneUrl: "https://ghe.example/acme/calc.git",
      archived: false,
    });
    expect(scope.isDone()).toBe(true);
  });

  it("lists open issues oldest first across pages, without pull requests", async () => {
    const issue = (number: number, extra: object = {}) => ({
      number,
      title: `t${number}`,
      body: null,
      labels: [{ name: "priority: high" }, "category: bug"],
      user: user("maya"),
      created_at: "2026-11-01T00:00:00Z",
      state: "open",
      ...extra,
    });
    const scope = nock(api)
      .get("/repos/acme/calc/issues")
      .query({ state: "open", sort: "created", direction: "asc", per_page: "100" })
      .reply(200, [issue(1), issue(2, { pull_request: { url: "x" } })], {
        link: `<${api}/repos/acme/calc/issues?state=open&sort=created&direction=asc&per_page=100&page=2>; rel="next"`,
      })
      .get("/repos/acme/calc/issues")
      .query({ state: "open", sort: "created", direction: "asc", per_page: "100", page: "2" })
      .reply(200, [issue(3, { user: user("renovate[bot]", "Bot") })]);
    const issues = await port().listOpenIssues(repo);
    expect(issues.map((i) => [i.number, i.authorType, i.labels, i.body])).toEqual([
      [1, "User", ["priority: high", "category: bug"], ""],
      [3, "Bot", ["priority: high", "category: bug"], ""],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    { reply: [200, { permission: "write", role_name: "maintain" }], role: "maintain" },
    { reply: [200, { permission: "read", role_name: "triage" }], role: "triage" },
    { reply: [200, { permission: "write", role_name: "custom-reviewer" }], role: "write" },
    { reply: [404, { message: "Not Found" }], role: "none" },
  ] as const)("maps the permission API to a role: $role", async ({ reply, role }) => {
    const scope = nock(api)
      .get("/repos/acme/calc/collaborators/sam/permission")
      .reply(reply[0], reply[1]);
    expect(await port().getRole(repo, "sam")).toBe(role);
    expect(scope.isDone()).toBe(true);
  });

  it("lets a failing permission lookup throw, so callers deny", async () => {
    nock(api).get("/repos/acme/calc/collaborators/sam/permission").reply(500, { message: "boom" });
    await expect(port().getRole(repo, "sam")).rejects.toMatchObject({ status: 500 });
  });

  it("adds labels and tolerates removing a label that is not there", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/issues/3/labels", { labels: ["nightshift: running"] })
      .reply(200, [])
      .delete("/repos/acme/calc/issues/3/labels/nightshift%3A%20running")
      .reply(404, { message: "Label does not exist" });
    await port().addLabels(repo, 3, ["nightshift: running"]);
    await port().removeLabel(repo, 3, "nightshift: running");
    expect(scope.isDone()).toBe(true);
  });

  it("comments, edits comments and reacts", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/issues/3/comments", { body: "hello" })
      .reply(201, { id: 42, html_url: "https://github.com/acme/calc/issues/3#issuecomment-42" })
      .patch("/repos/acme/calc/issues/comments/42", { body: "edited" })
      .reply(200, { id: 42 })
      .post("/repos/acme/calc/issues/comments/42/reactions", { content: "+1" })
      .reply(201, { id: 1, content: "+1" });
    const github = port();
    expect(await github.createComment(repo, 3, "hello")).toEqual({
      id: 42,
      url: "https://github.com/acme/calc/issues/3#issuecomment-42",
    });
    await github.updateComment(repo, 42, "edited");
    await github.addReaction(repo, 42, "+1");
    expect(scope.isDone()).toBe(true);
  });

  it("finds the report issue by label, or creates it", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues")
      .query({
        labels: "nightshift: report",
        state: "open",
        sort: "created",
        direction: "asc",
        per_page: "10",
      })
      .reply(200, [])
      .post("/repos/acme/calc/issues", {
        title: "Nightshift reports",
        body: "b",
        labels: ["nightshift: report"],
      })
      .reply(201, { number: 9, html_url: "https://github.com/acme/calc/issues/9", body: "b" });
    const github = port();
    expect(await github.findIssueWithLabel(repo, "nightshift: report")).toBeNull();
    expect(
      await github.createIssue(repo, {
        title: "Nightshift reports",
        body: "b",
        labels: ["nightshift: report"],
      }),
    ).toEqual({
      number: 9,
      url: "https://github.com/acme/calc/issues/9",
      body: "b",
    });
    expect(scope.isDone()).toBe(true);
  });

  it("reads the report issue's body with it, and replaces the body (the dashboard)", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues")
      .query(true)
      .reply(200, [
        { number: 3, html_url: "u3", body: "old", pull_request: { url: "p" } },
        { number: 9, html_url: "u9", body: "old dashboard" },
      ])
      .patch("/repos/acme/calc/issues/9", { body: "new dashboard" })
      .reply(200, { number: 9 });
    const github = port();
    expect(await github.findIssueWithLabel(repo, "nightshift: report")).toEqual({
      number: 9,
      url: "u9",
      body: "old dashboard",
    });
    await github.updateIssueBody(repo, 9, "new dashboard");
    expect(scope.isDone()).toBe(true);
  });

  it("finds, creates and updates pull requests by branch", async () => {
    const pull = {
      number: 7,
      html_url: "https://github.com/acme/calc/pull/7",
      draft: true,
      head: { ref: "nightshift/1-x" },
    };
    const scope = nock(api)
      .get("/repos/acme/calc/pulls")
      .query({ head: "acme:nightshift/1-x", state: "open", per_page: "10" })
      .reply(200, [])
      .post("/repos/acme/calc/pulls", {
        title: "T",
        body: "B",
        head: "nightshift/1-x",
        base: "main",
        draft: true,
      })
      .reply(201, pull)
      .patch("/repos/acme/calc/pulls/7", { title: "T2", body: "B2" })
      .reply(200, pull);
    const github = port();
    expect(await github.findOpenPull(repo, "nightshift/1-x")).toBeNull();
    expect(
      await github.createPull(repo, {
        title: "T",
        body: "B",
        head: "nightshift/1-x",
        base: "main",
        draft: true,
      }),
    ).toEqual({
      number: 7,
      url: pull.html_url,
      draft: true,
      headRef: "nightshift/1-x",
    });
    await github.updatePull(repo, 7, { title: "T2", body: "B2" });
    expect(scope.isDone()).toBe(true);
  });

  it("reads the config file raw, and turns bad YAML into a ConfigError naming the file", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/contents/.github%2Fnightshift.yml")
      .reply(200, "gates: [\n", { "content-type": "application/vnd.github.raw" });
    const error = await port()
      .readConfig(repo, ".github/nightshift.yml")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(".github/nightshift.yml");
    expect(scope.isDone()).toBe(true);
  });

  it("answers null when neither the repository nor the owner's .github repository has one", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/contents/.github%2Fnightshift.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/.github/contents/.github%2Fnightshift.yml")
      .reply(404, { message: "Not Found" });
    expect(await port().readConfig(repo, ".github/nightshift.yml")).toBeNull();
    expect(scope.isDone()).toBe(true);
  });
});
