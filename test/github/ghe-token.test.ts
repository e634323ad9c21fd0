import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeAll, expect, it } from "vitest";
import { octokitGitHub, type OctokitGitHub } from "../../src/github/octokit-port.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { testPrivateKey } from "../support/keys.js";

let privateKey: string;
beforeAll(() => {
  privateKey = testPrivateKey();
});

/** The port of installation 7 of an app on a GitHub Enterprise host. */
async function gheGitHub(): Promise<OctokitGitHub> {
  const probot = new Probot({
    appId: 1,
    privateKey,
    baseUrl: "https://ghe.example/api/v3",
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
  return octokitGitHub(await probot.auth(7));
}

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it("mints the git token at the GitHub Enterprise host, never at api.github.com", async () => {
  nock.disableNetConnect();
  const ghe = nock("https://ghe.example/api/v3")
    .post("/app/installations/7/access_tokens")
    .reply(201, { token: "ghs_enterprise", expires_at: "2099-01-01T00:00:00Z" })
    .get("/installation/repositories")
    .query({ per_page: "1" })
    .reply(200, { total_count: 0, repositories: [] });
  const github = await gheGitHub();
  expect(await github.gitToken()).toBe("ghs_enterprise");
  expect(ghe.isDone()).toBe(true);
});

it("hands out the same token again while more than a quarter hour of it is left, without a request", async () => {
  nock.disableNetConnect();
  const ghe = nock("https://ghe.example/api/v3")
    .post("/app/installations/7/access_tokens")
    .reply(201, { token: "ghs_long", expires_at: "2099-01-01T00:00:00Z" })
    .get("/installation/repositories")
    .query({ per_page: "1" })
    .once()
    .reply(200, { total_count: 0, repositories: [] });
  const github = await gheGitHub();
  expect(await github.gitToken()).toBe("ghs_long");
  expect(await github.gitToken()).toBe("ghs_long");
  expect(ghe.isDone()).toBe(true);
  expect(nock.pendingMocks()).toEqual([]);
});

it("asks again for a token that expires within a quarter hour", async () => {
  nock.disableNetConnect();
  const soon = new Date(Date.now() + 5 * 60_000).toISOString();
  const ghe = nock("https://ghe.example/api/v3")
    .post("/app/installations/7/access_tokens")
    .reply(201, { token: "ghs_short", expires_at: soon })
    .get("/installation/repositories")
    .query({ per_page: "1" })
    .twice()
    .reply(200, { total_count: 0, repositories: [] });
  const github = await gheGitHub();
  expect(await github.gitToken()).toBe("ghs_short");
  expect(await github.gitToken()).toBe("ghs_short");
  expect(ghe.isDone()).toBe(true);
});
