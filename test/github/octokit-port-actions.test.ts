import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { octokitGitHub, type OctokitGitHub } from "../../src/github/octokit-port.js";
import { DispatchFieldRefused } from "../../src/github/port.js";
import { offlineNock } from "../support/offline-nock.js";

const repo = { owner: "acme", repo: "calc" };
const api = "https://api.github.com";
const blob = "https://results.blob.example";

function port(): OctokitGitHub {
  const octokit = new ProbotOctokit({
    auth: { token: "ghs_test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return octokitGitHub(octokit);
}

const run = (id: number, created: string, extra: object = {}) => ({
  head_sha: "a".repeat(40),
  id,
  display_title: `task-${id}`,
  status: "completed",
  conclusion: "success",
  created_at: created,
  html_url: `https://github.com/acme/calc/actions/runs/${id}`,
  ...extra,
});

offlineNock();

describe("OctokitGitHub: Actions", () => {
  it("never retries a dispatch that failed: GitHub may have started the run", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/actions/workflows/nightshift-agent.yml/dispatches")
      .reply(502, { message: "Server Error" })
      .post("/repos/acme/calc/actions/workflows/nightshift-agent.yml/dispatches")
      .reply(200, { workflow_run_id: 43 });
    // Probot's Octokit with its retry plugin on, as production has it.
    const octokit = new ProbotOctokit({
      auth: { token: "ghs_test" },
      retry: { enabled: true, retryAfterBaseValue: 1 },
      throttle: { enabled: false },
    });
    await expect(
      octokitGitHub(octokit).dispatchWorkflow(repo, {
        workflow: "nightshift-agent.yml",
        ref: "main",
        inputs: { task: "t-1" },
        returnRunDetails: true,
      }),
    ).rejects.toMatchObject({ status: 502 });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it("dispatches with return_run_details and reads the run's id", async () => {
    let body: unknown;
    const scope = nock(api)
      .post(
        "/repos/acme/calc/actions/workflows/nightshift-agent.yml/dispatches",
        (sent: unknown) => {
          body = sent;
          return true;
        },
      )
      .reply(200, {
        workflow_run_id: 42,
        run_url: `${api}/repos/acme/calc/actions/runs/42`,
        html_url: "https://github.com/acme/calc/actions/runs/42",
      });
    const dispatched = await port().dispatchWorkflow(repo, {
      workflow: "nightshift-agent.yml",
      ref: "main",
      inputs: { task: "t-1", issue: "7" },
      returnRunDetails: true,
    });
    expect(dispatched).toEqual({ runId: 42, url: "https://github.com/acme/calc/actions/runs/42" });
    expect(body).toMatchInlineSnapshot(`
      {
        "inputs": {
          "issue": "7",
          "task": "t-1",
        },
        "ref": "main",
        "return_run_details": true,
      }
    `);
    expect(scope.isDone()).toBe(true);
  });

  it("gives null for a 204, sends no return_run_details unless asked, and names an older server's refusal", async () => {
    let body: unknown;
    const scope = nock(api)
      .post("/repos/acme/calc/actions/workflows/w.yml/dispatches", (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(204)
      .post("/repos/acme/calc/actions/workflows/w.yml/dispatches")
      .reply(400, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' });
    const github = port();
    expect(
      await github.dispatchWorkflow(repo, {
        workflow: "w.yml",
        ref: "main",
        inputs: {},
        returnRunDetails: false,
      }),
    ).toBeNull();
    expect(body).toEqual({ ref: "main", inputs: {} });
    await expect(
      github.dispatchWorkflow(repo, {
        workflow: "w.yml",
        ref: "main",
        inputs: {},
        returnRunDetails: true,
      }),
    ).rejects.toBeInstanceOf(DispatchFieldRefused);
    expect(scope.isDone()).toBe(true);
  });

  it("lists dispatched runs newest first and stops at the first one older than `since`", async () => {
    const query = { event: "workflow_dispatch", per_page: "100" };
    const scope = nock(api)
      .get("/repos/acme/calc/actions/workflows/w.yml/runs")
      .query(query)
      .reply(
        200,
        {
          total_count: 4,
          workflow_runs: [run(4, "2026-11-20T23:05:00Z"), run(3, "2026-11-20T23:01:00Z")],
        },
        {
          link: `<${api}/repos/acme/calc/actions/workflows/w.yml/runs?event=workflow_dispatch&per_page=100&page=2>; rel="next"`,
        },
      )
      .get("/repos/acme/calc/actions/workflows/w.yml/runs")
      .query({ ...query, page: "2" })
      .reply(200, {
        total_count: 4,
        workflow_runs: [run(2, "2026-11-20T23:00:00Z"), run(1, "2026-11-20T22:00:00Z")],
      });
    const runs = await port().listDispatchedRuns(repo, "w.yml", {
      since: new Date("2026-11-20T23:00:00Z"),
      maxPages: 5,
    });
    expect(runs.map((r) => [r.id, r.title])).toEqual([
      [4, "task-4"],
      [3, "task-3"],
      [2, "task-2"],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("reads a run (null when gone), its jobs and its artifacts", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/actions/runs/5")
      .reply(200, run(5, "2026-11-20T23:00:00Z", { status: "in_progress", conclusion: null }))
      .get("/repos/acme/calc/actions/runs/6")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/calc/actions/runs/5/jobs")
      .query({ per_page: "100" })
      .reply(200, {
        total_count: 1,
        jobs: [
          {
            id: 9,
            name: "agent",
            status: "in_progress",
            conclusion: null,
            runner_name: "gpu-1",
            labels: ["self-hosted"],
          },
        ],
      })
      .get("/repos/acme/calc/actions/runs/5/artifacts")
      .query({ per_page: "100" })
      .reply(200, {
        total_count: 1,
        artifacts: [{ id: 11, name: "nightshift-result", size_in_bytes: 123, expired: false }],
      });
    const github = port();
    expect(await github.getWorkflowRun(repo, 5)).toMatchObject({
      id: 5,
      status: "in_progress",
      conclusion: null,
      title: "task-5",
    });
    expect(await github.getWorkflowRun(repo, 6)).toBeNull();
    expect(await github.listRunJobs(repo, 5)).toEqual([
      {
        id: 9,
        name: "agent",
        status: "in_progress",
        conclusion: null,
        runnerName: "gpu-1",
        labels: ["self-hosted"],
      },
    ]);
    expect(await github.listRunArtifacts(repo, 5)).toEqual([
      { id: 11, name: "nightshift-result", sizeInBytes: 123, expired: false },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("downloads an artifact through its redirect without sending the token there, within the cap", async () => {
    const scope = nock(api)
      .get("/repos/acme/calc/actions/artifacts/11/zip")
      .reply(302, "", { location: `${blob}/a?sig=1` })
      .get("/repos/acme/calc/actions/artifacts/12/zip")
      .reply(302, "", { location: `${blob}/b?sig=2` })
      .get("/repos/acme/calc/actions/artifacts/13/zip")
      .reply(302, "", { location: `${blob}/c?sig=3` })
      .get("/repos/acme/calc/actions/artifacts/14/zip")
      .reply(410, { message: "Artifact has expired" });
    const storage = nock(blob, { badheaders: ["authorization"] })
      .get("/a")
      .query({ sig: "1" })
      .reply(200, Buffer.from("zip-bytes"), { "content-length": "9" })
      .get("/b")
      .query({ sig: "2" })
      .reply(200, Buffer.alloc(100), { "content-length": "100" })
      .get("/c")
      .query({ sig: "3" })
      .reply(200, () => Buffer.alloc(100), { "transfer-encoding": "chunked" });
    const github = port();
    const ok = await github.downloadArtifact(repo, 11, { maxBytes: 50 });
    expect(ok.kind === "downloaded" && ok.data.toString()).toBe("zip-bytes");
    expect(await github.downloadArtifact(repo, 12, { maxBytes: 50 })).toEqual({
      kind: "too-large",
      limit: 50,
    });
    expect(await github.downloadArtifact(repo, 13, { maxBytes: 50 })).toEqual({
      kind: "too-large",
      limit: 50,
    });
    expect(await github.downloadArtifact(repo, 14, { maxBytes: 50 })).toEqual({ kind: "expired" });
    expect(scope.isDone()).toBe(true);
    expect(storage.isDone()).toBe(true);
  });

  it("cancels a run, and reports one that had already completed", async () => {
    const scope = nock(api)
      .post("/repos/acme/calc/actions/runs/5/cancel")
      .reply(202, {})
      .post("/repos/acme/calc/actions/runs/6/cancel")
      .reply(409, { message: "Cannot cancel a workflow run that is completed." });
    const github = port();
    expect(await github.cancelWorkflowRun(repo, 5)).toBe("cancelling");
    expect(await github.cancelWorkflowRun(repo, 6)).toBe("completed");
    expect(scope.isDone()).toBe(true);
  });
});
