import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
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

offlineNock();

describe("OctokitGitHub: the queue's requests", () => {
  it("reads an issue's state and body; one it cannot read is null", async () => {
    const scope = nock(api)
      .get("/repos/acme/lib/issues/4")
      .reply(200, { number: 4, state: "closed", body: "depends on #2" })
      .get("/repos/acme/secret/issues/1")
      .reply(404, { message: "Not Found" });
    expect(await port().readIssue({ owner: "acme", repo: "lib" }, 4)).toEqual({
      state: "closed",
      body: "depends on #2",
    });
    expect(await port().readIssue({ owner: "acme", repo: "secret" }, 1)).toBeNull();
    expect(scope.isDone()).toBe(true);
  });

  it("lists native blockers with their repository from repository_url", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues/9/dependencies/blocked_by")
      .query({ per_page: "100" })
      .reply(200, [
        { number: 1, state: "open", repository_url: "https://api.github.com/repos/acme/calc" },
        { number: 7, state: "closed", repository_url: "https://api.github.com/repos/acme/lib" },
      ]);
    expect(await port().listBlockedBy(repo, 9)).toEqual([
      { owner: "acme", repo: "calc", number: 1, state: "open" },
      { owner: "acme", repo: "lib", number: 7, state: "closed" },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  const repoComment = (id: number, issue: number, body: string) => ({
    id,
    body,
    user: { login: "maya", type: "User" },
    created_at: "2026-11-02T00:00:00Z",
    updated_at: "2026-11-02T00:00:00Z",
    issue_url: `${api}/repos/acme/calc/issues/${String(issue)}`,
  });
  const commentsQuery = {
    since: "2026-11-01T00:00:00Z",
    sort: "created",
    direction: "asc",
    per_page: "100",
  };
  const link = (page: number, rel: string) =>
    `<${api}/repositories/1/issues/comments?per_page=100&page=${String(page)}>; rel="${rel}"`;

  it("lists the repository's comments page by page, grouped by issue in order", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues/comments")
      .query(commentsQuery)
      .reply(200, [repoComment(1, 4, "/approve"), repoComment(2, 9, "Noted.")], {
        link: `${link(2, "next")}, ${link(2, "last")}`,
      })
      .get("/repositories/1/issues/comments")
      .query({ per_page: "100", page: "2" })
      .reply(200, [repoComment(3, 4, "/hold")]);
    const listed = await port().listRepoComments(repo, {
      since: "2026-11-01T00:00:00Z",
      maxPages: 2,
    });
    expect(listed?.get(4)?.map((c) => c.body)).toEqual(["/approve", "/hold"]);
    expect(listed?.get(9)?.map((c) => c.body)).toEqual(["Noted."]);
    expect(scope.isDone()).toBe(true);
  });

  it("gives up on the repository's comments after one page when there are more pages than allowed", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues/comments")
      .query(commentsQuery)
      .reply(200, [repoComment(1, 4, "/approve")], {
        link: `${link(2, "next")}, ${link(7, "last")}`,
      });
    const listed = await port().listRepoComments(repo, {
      since: "2026-11-01T00:00:00Z",
      maxPages: 6,
    });
    expect(listed).toBeNull();
    // nock would fail on a request for page 2: none was made.
    expect(scope.isDone()).toBe(true);
  });

  it("lists collaborators' roles; a custom role falls back to its permission flags", async () => {
    const person = (login: string, role_name: string, flags: Record<string, boolean>) => ({
      login,
      role_name,
      permissions: {
        pull: false,
        triage: false,
        push: false,
        maintain: false,
        admin: false,
        ...flags,
      },
    });
    const scope = nock(api)
      .get("/repos/acme/calc/collaborators")
      .query({ affiliation: "all", per_page: "100" })
      .reply(200, [
        person("Maya", "admin", { admin: true, push: true, pull: true }),
        person("sam", "release-manager", { push: true, pull: true }),
        person("tia", "triage", { triage: true, pull: true }),
      ]);
    const roles = await port().listCollaboratorRoles(repo, { maxPages: 3 });
    expect(Object.fromEntries(roles ?? [])).toEqual({ maya: "admin", sam: "write", tia: "triage" });
    expect(scope.isDone()).toBe(true);
  });

  it("gives up on the collaborator listing after one page when it is longer than allowed", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/collaborators")
      .query({ affiliation: "all", per_page: "100" })
      .reply(200, [], { link: `${link(2, "next")}, ${link(4, "last")}` });
    expect(await port().listCollaboratorRoles(repo, { maxPages: 3 })).toBeNull();
    expect(scope.isDone()).toBe(true);
  });

  it("lists labels and creates one with its colour and description", async () => {
    let created: unknown;
    const scope = nock(api)
      .get("/repos/acme/calc/labels")
      .query({ per_page: "100" })
      .reply(200, [{ name: "bug" }])
      .post("/repos/acme/calc/labels", (body: unknown) => {
        created = body;
        return true;
      })
      .reply(201, {});
    const github = port();
    expect(await github.listLabels(repo)).toEqual(["bug"]);
    await github.createLabel(repo, { name: "priority: high", color: "d93f0b", description: "d" });
    expect(created).toEqual({ name: "priority: high", color: "d93f0b", description: "d" });
    expect(scope.isDone()).toBe(true);
  });

  it("lists a pull request's files, reads a file at a commit and creates a check run", async () => {
    let check: unknown;
    const sha = "a".repeat(40);
    const scope = nock(api)
      .get("/repos/acme/calc/pulls/5/files")
      .query({ per_page: "100" })
      .reply(200, [{ filename: ".github/nightshift.yml" }, { filename: "src/a.ts" }])
      .get("/repos/acme/calc/contents/.github%2Fnightshift.yml")
      .query({ ref: sha })
      .reply(200, {
        type: "file",
        content: Buffer.from("enabled: maybe\n").toString("base64"),
        encoding: "base64",
      })
      .get("/repos/acme/calc/contents/missing.yml")
      .query({ ref: sha })
      .reply(404, { message: "Not Found" })
      .post("/repos/acme/calc/check-runs", (body: unknown) => {
        check = body;
        return true;
      })
      .reply(201, {});
    const github = port();
    expect(await github.listPullFiles(repo, 5)).toEqual([".github/nightshift.yml", "src/a.ts"]);
    expect(await github.readFileAt(repo, ".github/nightshift.yml", sha)).toBe("enabled: maybe\n");
    expect(await github.readFileAt(repo, "missing.yml", sha)).toBeNull();
    await github.createCheckRun(repo, {
      name: "Nightshift config",
      headSha: sha,
      conclusion: "failure",
      title: "bad",
      summary: "enabled: expected boolean",
    });
    expect(check).toMatchInlineSnapshot(`
      {
        "conclusion": "failure",
        "head_sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "name": "Nightshift config",
        "output": {
          "summary": "enabled: expected boolean",
          "title": "bad",
        },
        "status": "completed",
      }
    `);
    expect(scope.isDone()).toBe(true);
  });
});
