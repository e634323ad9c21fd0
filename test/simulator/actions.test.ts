import { afterEach, describe, expect, it } from "vitest";
import type {
  ActionsDispatch,
  ActionsRunner,
  Scenario,
  Simulator,
} from "../../packages/simulator/src/index.js";
import { botOctokit, field, start, webhookReceiver } from "./harness.js";

const repo = { owner: "acme", repo: "calculator" };
const WORKFLOW = "nightshift-agent.yml";

const workflowYaml = `name: Nightshift agent
run-name: \${{ inputs.task }}
on:
  workflow_dispatch:
    inputs:
      task: { required: true, type: string }
      runs_on: { required: false, type: string, default: '"ubuntu-latest"' }
      note: { required: false, type: string, default: "none" }
permissions:
  contents: read
jobs:
  agent:
    runs-on: \${{ fromJSON(inputs.runs_on) }}
    steps:
      - run: echo hi
`;

function withWorkflow(): Scenario {
  return {
    users: [{ login: "maya" }],
    repositories: [
      {
        owner: "acme",
        name: "calculator",
        files: { "README.md": "# calc\n", [`.github/workflows/${WORKFLOW}`]: workflowYaml },
      },
      { owner: "acme", name: "plain" },
    ],
  };
}

/** A clock the test moves by hand (download URLs expire by it). */
function manualClock(start = Date.parse("2026-11-20T23:00:00Z")) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("simulator: GitHub Actions", () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it("dispatches with run details, lists by display title and plays the job through webhooks", async () => {
    const receiver = await webhookReceiver();
    const played: ActionsDispatch[] = [];
    const runner: ActionsRunner = (dispatch) => {
      played.push(dispatch);
      return Promise.resolve({ conclusion: "success", artifact: Buffer.from("PK-zip-bytes") });
    };
    sim = await start({ scenario: withWorkflow(), webhookUrl: receiver.url, actions: { runner } });
    const gh = await botOctokit(sim);
    const dispatched = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "s1-acme-calculator-7", runs_on: '["self-hosted","gpu"]' },
      return_run_details: true,
    });
    expect(dispatched.status).toBe(200);
    const runId = field(dispatched.data, "workflow_run_id") as number;
    expect(dispatched.data).toMatchObject({
      run_url: `${sim.apiUrl}/repos/acme/calculator/actions/runs/${runId}`,
      html_url: `${sim.url}/acme/calculator/actions/runs/${runId}`,
    });
    await sim.actions.settled();
    await sim.idle();

    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({
      repo: "acme/calculator",
      runId,
      ref: "main",
      displayTitle: "s1-acme-calculator-7",
      labels: ["self-hosted", "gpu"],
      inputs: { task: "s1-acme-calculator-7", runs_on: '["self-hosted","gpu"]', note: "none" },
    });
    const { data: run } = await gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
    expect(run).toMatchObject({
      id: runId,
      display_title: "s1-acme-calculator-7",
      event: "workflow_dispatch",
      status: "completed",
      conclusion: "success",
      path: `.github/workflows/${WORKFLOW}`,
    });
    const { data: listed } = await gh.rest.actions.listWorkflowRunsForRepo({
      ...repo,
      event: "workflow_dispatch",
      created: run.created_at,
    });
    expect(listed.workflow_runs.map((r) => r.display_title)).toEqual(["s1-acme-calculator-7"]);
    const { data: jobs } = await gh.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId });
    expect(jobs.jobs[0]).toMatchObject({
      name: "agent",
      conclusion: "success",
      labels: ["self-hosted", "gpu"],
    });

    const events = receiver.hooks.map((hook) => `${hook.event}.${String(hook.body.action)}`);
    expect(events).toEqual([
      "workflow_run.requested",
      "workflow_job.queued",
      "workflow_run.in_progress",
      "workflow_job.in_progress",
      "workflow_run.completed",
      "workflow_job.completed",
    ]);
    expect(receiver.hooks.every((hook) => hook.signatureValid)).toBe(true);
    expect(field(receiver.hooks[4]?.body, "workflow_run", "conclusion")).toBe("success");
    expect(field(receiver.hooks[4]?.body, "installation", "id")).toBe(1);
    expect(sim.violations).toEqual([]);
    await receiver.close();
  });

  it("redirects an artifact download to a one-minute URL that needs no token", async () => {
    const clock = manualClock();
    sim = await start({
      scenario: withWorkflow(),
      now: clock.now,
      actions: {
        runner: () => Promise.resolve({ conclusion: "success", artifact: Buffer.from("zip!") }),
      },
    });
    const gh = await botOctokit(sim);
    const { data } = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "t" },
      return_run_details: true,
    });
    const runId = field(data, "workflow_run_id") as number;
    await sim.actions.settled();
    const { data: artifacts } = await gh.rest.actions.listWorkflowRunArtifacts({
      ...repo,
      run_id: runId,
    });
    expect(artifacts.artifacts).toMatchObject([
      { name: "nightshift-result", size_in_bytes: 4, expired: false },
    ]);
    const artifactId = artifacts.artifacts[0]?.id ?? 0;
    const redirect = await gh.rest.actions.downloadArtifact({
      ...repo,
      artifact_id: artifactId,
      archive_format: "zip",
      request: { redirect: "manual" },
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.location ?? "";
    expect(location.startsWith(`${sim.url}/`)).toBe(true);
    const fetched = await fetch(location);
    expect(Buffer.from(await fetched.arrayBuffer()).toString()).toBe("zip!");
    clock.advance(60_000);
    expect((await fetch(location)).status).toBe(403);
    expect(sim.actions.downloads).toEqual([
      { authorization: false, status: 200 },
      { authorization: false, status: 403 },
    ]);
    sim.actions.expireArtifacts(runId);
    await expect(
      gh.rest.actions.downloadArtifact({ ...repo, artifact_id: artifactId, archive_format: "zip" }),
    ).rejects.toMatchObject({ status: 410 });
    expect(sim.violations).toEqual([]);
  });

  it("answers 204 without run details, and as GHES to every dispatch, refusing the newer field", async () => {
    sim = await start({ scenario: withWorkflow() });
    const gh = await botOctokit(sim);
    const plain = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "a" },
    });
    expect(plain.status).toBe(204);
    expect(sim.actions.runs("acme/calculator")).toMatchObject([
      { displayTitle: "a", status: "queued" },
    ]);
    await sim.close();

    sim = await start({ scenario: withWorkflow(), actions: { mode: "ghes" } });
    const ghes = await botOctokit(sim);
    await expect(
      ghes.rest.actions.createWorkflowDispatch({
        ...repo,
        workflow_id: WORKFLOW,
        ref: "main",
        inputs: { task: "b" },
        return_run_details: true,
      }),
    ).rejects.toMatchObject({ status: 400 });
    const old = await ghes.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "b" },
    });
    expect(old.status).toBe(204);
    expect(sim.actions.runs("acme/calculator").map((run) => run.displayTitle)).toEqual(["b"]);
  });

  it("refuses a missing workflow, unknown or missing inputs and an unknown ref as GitHub does", async () => {
    sim = await start({ scenario: withWorkflow() });
    const gh = await botOctokit(sim);
    const dispatch = (over: {
      workflow_id?: string;
      ref?: string;
      inputs?: Record<string, string>;
    }) =>
      gh.rest.actions.createWorkflowDispatch({
        ...repo,
        workflow_id: WORKFLOW,
        ref: "main",
        inputs: { task: "x" },
        ...over,
      });
    await expect(dispatch({ workflow_id: "other.yml" })).rejects.toMatchObject({ status: 404 });
    await expect(
      gh.rest.actions.createWorkflowDispatch({
        owner: "acme",
        repo: "plain",
        workflow_id: WORKFLOW,
        ref: "main",
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(dispatch({ inputs: { task: "x", extra: "y" } })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Unexpected inputs provided: ["extra"]') as unknown,
    });
    await expect(dispatch({ inputs: {} })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Required input 'task' not provided") as unknown,
    });
    await expect(dispatch({ inputs: { task: "x".repeat(70_000) } })).rejects.toMatchObject({
      status: 422,
    });
    await expect(dispatch({ ref: "nope" })).rejects.toMatchObject({ status: 422 });
    const { data: workflow } = await gh.rest.actions.getWorkflow({
      ...repo,
      workflow_id: WORKFLOW,
    });
    expect(workflow).toMatchObject({ path: `.github/workflows/${WORKFLOW}`, state: "active" });
    await dispatch({ workflow_id: String(workflow.id) });
    expect(sim.actions.runs("acme/calculator")).toHaveLength(1);
    expect(sim.violations).toEqual([]);
  });

  it("cancels a running job (its runner is told) and answers 409 once it completed", async () => {
    let seen: AbortSignal | undefined;
    const runner: ActionsRunner = ({ signal }) => {
      seen = signal;
      return new Promise((resolve) => {
        signal.addEventListener("abort", () => {
          resolve({ conclusion: "success", artifact: Buffer.from("late") });
        });
      });
    };
    sim = await start({ scenario: withWorkflow(), actions: { runner } });
    const gh = await botOctokit(sim);
    const { data } = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "long" },
      return_run_details: true,
    });
    const runId = field(data, "workflow_run_id") as number;
    const active = sim;
    await waitFor(() => active.actions.runs("acme/calculator")[0]?.status === "in_progress");
    const cancelled = await gh.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId });
    expect(cancelled.status).toBe(202);
    await sim.actions.settled();
    expect(seen?.aborted).toBe(true);
    expect(sim.actions.runs("acme/calculator")[0]).toMatchObject({
      status: "completed",
      conclusion: "cancelled",
      artifacts: [],
    });
    await expect(
      gh.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  it("loses or duplicates webhook deliveries on request", async () => {
    const receiver = await webhookReceiver();
    sim = await start({
      scenario: withWorkflow(),
      webhookUrl: receiver.url,
      actions: { runner: () => Promise.resolve({ conclusion: "failure" }) },
    });
    sim.faults.webhook({ event: "workflow_run", action: "completed", kind: "lose" });
    sim.faults.webhook({ event: "workflow_job", action: "completed", kind: "duplicate" });
    const gh = await botOctokit(sim);
    await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: WORKFLOW,
      ref: "main",
      inputs: { task: "f" },
    });
    await sim.actions.settled();
    await sim.idle();
    const completed = receiver.hooks.filter((hook) => hook.body.action === "completed");
    expect(completed.map((hook) => hook.event)).toEqual(["workflow_job", "workflow_job"]);
    expect(completed[0]?.headers["x-github-delivery"]).toBe(
      completed[1]?.headers["x-github-delivery"],
    );
    expect(sim.lostWebhooks).toEqual([{ event: "workflow_run", action: "completed" }]);
    expect(sim.actions.runs("acme/calculator")[0]?.conclusion).toBe("failure");
    await receiver.close();
  });
});

/** Polls a condition on the event loop (no fixed sleeps): resolves as soon as it holds. */
async function waitFor(condition: () => boolean, limit = 5_000): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > limit) throw new Error("condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}
