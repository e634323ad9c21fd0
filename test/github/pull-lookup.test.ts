import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { octokitGitHub } from "../../src/github/octokit-port.js";
import { PullExistsError } from "../../src/github/port.js";
import { testPrivateKey } from "../support/keys.js";
import { offlineNock } from "../support/offline-nock.js";

const repo = { owner: "acme", repo: "calc" };
const api = "https://api.github.com";

const port = () =>
  octokitGitHub(
    new ProbotOctokit({
      auth: { token: "ghs_test" },
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
  );

const pull = (number: number, extra: object) => ({
  number,
  html_url: `https://github.com/acme/calc/pull/${number}`,
  draft: false,
  head: { ref: "nightshift/1-x" },
  state: "open",
  merged_at: null,
  body: `Closes #1\n<!-- nightshift:run {"issue":1} -->`,
  ...extra,
});

offlineNock();

describe("OctokitGitHub pull request lookups for idempotent publishing", () => {
  it("lists every pull request of a branch, open, closed and merged, across pages", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/pulls")
      .query({
        head: "acme:nightshift/1-x",
        state: "all",
        sort: "created",
        direction: "desc",
        per_page: "100",
      })
      .reply(200, [pull(9, {}), pull(8, { state: "closed", body: null })], {
        link: '<https://api.github.com/repositories/1/pulls?page=2>; rel="next"',
      })
      .get("/repositories/1/pulls")
      .query({ page: "2" })
      .reply(200, [pull(3, { state: "closed", merged_at: "2026-11-01T00:00:00Z", draft: true })]);
    const pulls = await port().listPullsForBranch(repo, "nightshift/1-x");
    expect(
      pulls.map(({ number, state, merged, draft }) => ({ number, state, merged, draft })),
    ).toEqual([
      { number: 9, state: "open", merged: false, draft: false },
      { number: 8, state: "closed", merged: false, draft: false },
      { number: 3, state: "closed", merged: true, draft: true },
    ]);
    expect(pulls[0]?.body).toContain("nightshift:run");
    expect(pulls[1]?.body).toBe("");
    expect(scope.isDone()).toBe(true);
  });

  it("turns GitHub's 'pull request already exists' 422 into a PullExistsError", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/pulls", {
        title: "T",
        body: "B",
        head: "nightshift/1-x",
        base: "main",
        draft: false,
      })
      .reply(422, {
        message: "Validation Failed",
        errors: [
          {
            resource: "PullRequest",
            code: "custom",
            message: "A pull request already exists for acme:nightshift/1-x.",
          },
        ],
      });
    const created = port().createPull(repo, {
      title: "T",
      body: "B",
      head: "nightshift/1-x",
      base: "main",
      draft: false,
    });
    await expect(created).rejects.toBeInstanceOf(PullExistsError);
    expect(scope.isDone()).toBe(true);
  });

  it("lets other 422s through unchanged", async () => {
    nock(api)
      .post("/repos/acme/calc/pulls")
      .reply(422, {
        message: "Validation Failed",
        errors: [{ resource: "PullRequest", field: "base", code: "invalid" }],
      });
    const created = port().createPull(repo, {
      title: "T",
      body: "B",
      head: "nightshift/1-x",
      base: "nope",
      draft: false,
    });
    await expect(created).rejects.toMatchObject({ status: 422 });
    await expect(created).rejects.not.toBeInstanceOf(PullExistsError);
  });
});

describe("OctokitGitHub.gitToken", () => {
  it("mints a new installation token with the app's JWT when asked for a fresh one", async () => {
    const octokit = new ProbotOctokit({
      auth: { appId: 42, privateKey: testPrivateKey(), installationId: 7 },
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    let minted = 0;
    const scope = nock(api)
      .post("/app/installations/7/access_tokens")
      .times(2)
      .matchHeader("authorization", /^bearer ey/)
      .reply(201, () => ({
        token: `ghs_fresh_${++minted}`,
        expires_at: "2099-01-01T00:00:00Z",
        permissions: {},
      }));
    const github = octokitGitHub(octokit, 7);
    expect(await github.gitToken(repo, { fresh: true })).toBe("ghs_fresh_1");
    expect(await github.gitToken(repo, { fresh: true })).toBe("ghs_fresh_2");
    expect(scope.isDone()).toBe(true);
  });
});

describe("getBranchHead", () => {
  it("reads the branch's commit, and null for a branch that does not exist", async () => {
    nock.disableNetConnect();
    const scope = nock("https://api.github.com")
      .get("/repos/acme/calc/branches/main")
      .reply(200, { name: "main", commit: { sha: "a".repeat(40) } })
      .get("/repos/acme/calc/branches/gone")
      .reply(404, { message: "Branch not found" });
    const github = octokitGitHub(
      new ProbotOctokit({
        auth: { token: "t" },
        retry: { enabled: false },
        throttle: { enabled: false },
      }),
    );
    expect(await github.getBranchHead({ owner: "acme", repo: "calc" }, "main")).toBe(
      "a".repeat(40),
    );
    expect(await github.getBranchHead({ owner: "acme", repo: "calc" }, "gone")).toBeNull();
    expect(scope.isDone()).toBe(true);
    nock.cleanAll();
  });
});
