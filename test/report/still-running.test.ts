import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";
import { octokitGitHub, type OctokitGitHub } from "../../src/github/octokit-port.js";
import { labelStillRunning } from "../../src/report/still-running.js";
import { marker, upsertComment } from "../../src/report/upsert.js";
import { task } from "../unit/helpers.js";
import { offlineNock } from "../support/offline-nock.js";

const api = "https://api.github.com";
const repo = { owner: "acme", repo: "calc" };
const config = RepoConfigSchema.parse({});

function port(): OctokitGitHub {
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return octokitGitHub(octokit);
}

const running = (issue: number, owner = "acme") => ({
  runId: `night@2026-01-05/${owner}/calc#${String(issue)}/1`,
  task: task({ number: issue, repo: { owner, repo: "calc" } }),
  startedAt: "2026-01-06T06:00:00.000Z",
});

offlineNock();

describe("labelling the runs the morning report finds still going", () => {
  it("labels this repository's running issues, and no other repository's", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/issues/4/labels", { labels: ["nightshift: running"] })
      .reply(200, []);
    await labelStillRunning(
      port(),
      repo,
      { running: [running(4), running(5, "other")] },
      config,
      () => false,
    );
    expect(scope.isDone()).toBe(true);
  });

  it("writes nothing for a run that settled before the report got to it", async () => {
    await labelStillRunning(port(), repo, { running: [running(4)] }, config, () => true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("takes the label off again when the run settled while it was being put on", async () => {
    let settled = false;
    const scope = nock(api)
      .post("/repos/acme/calc/issues/4/labels")
      .reply(() => {
        settled = true; // the run's outcome was journaled, and its labels replaced, meanwhile
        return [200, []];
      })
      .delete("/repos/acme/calc/issues/4/labels/nightshift%3A%20running")
      .reply(200, []);
    await labelStillRunning(port(), repo, { running: [running(4)] }, config, () => settled);
    expect(scope.isDone()).toBe(true);
  });
});

describe("the progress comment", () => {
  const bot = { login: "nightshift[bot]", id: 9, type: "Bot" };
  const comment = (id: number, body: string) => ({
    id,
    body,
    user: bot,
    created_at: "2026-01-05T22:00:00Z",
    html_url: `https://github.com/acme/calc/issues/1#issuecomment-${String(id)}`,
  });

  it("takes over the session's evening preview instead of posting a comment of its own", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues/1/comments")
      .query(true)
      .reply(200, [
        comment(7, `${marker("preview", "night@2026-01-04")}\nyesterday`),
        comment(8, `${marker("preview", "night@2026-01-05")}\ntonight`),
      ])
      .patch("/repos/acme/calc/issues/comments/8", {
        body: `${marker("progress", "night@2026-01-05")}\nworking`,
      })
      .reply(200, comment(8, "x"));
    await upsertComment(
      port(),
      repo,
      1,
      marker("progress", "night@2026-01-05"),
      "working",
      marker("preview", "night@2026-01-05"),
    );
    expect(scope.isDone()).toBe(true);
  });

  it("posts its own when the session had no preview", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/issues/1/comments")
      .query(true)
      .reply(200, [comment(7, `${marker("preview", "night@2026-01-04")}\nyesterday`)])
      .post("/repos/acme/calc/issues/1/comments", {
        body: `${marker("progress", "night@2026-01-05")}\nworking`,
      })
      .reply(201, comment(9, "x"));
    await upsertComment(
      port(),
      repo,
      1,
      marker("progress", "night@2026-01-05"),
      "working",
      marker("preview", "night@2026-01-05"),
    );
    expect(scope.isDone()).toBe(true);
  });
});
