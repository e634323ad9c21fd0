import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../src/backends/actions/zip-write.js";
import { cancelNotice } from "../../src/handlers/issue-events.js";
import { taskIdOf } from "../../src/night/actions-dispatch.js";
import type { Isolation } from "../../src/sandbox/policy.js";
import { successResult, type JobBehaviour } from "../backends/actions/fake-runner.js";
import { actionsWorld, REF, type ActionsWorld } from "../backends/actions/sim-world.js";
import { actionsNight, type ActionsNight } from "./actions-night.js";

const CALC = "acme/calc";
const noIsolation: Isolation = { level: "none", why: "opted-out" };
const DISPATCHES = /^\/repos\/acme\/calc\/actions\/workflows\/[^/]+\/dispatches$/;
const fs = `const fs = require("fs");`;
const resultZip = () =>
  writeZip([{ name: "result.json", data: Buffer.from(JSON.stringify(successResult)) }]);

let world: ActionsWorld | undefined;
let night: ActionsNight | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
});
afterEach(async () => {
  await night?.close();
  await world?.close();
  night = undefined;
  world = undefined;
});
afterAll(() => {
  nock.enableNetConnect();
});

async function setUp(
  options: { mode?: "github" | "ghes"; behaviours?: [number, JobBehaviour][] },
  alive: (owner: string | null) => boolean = () => true,
): Promise<{ world: ActionsWorld; night: ActionsNight }> {
  world = await actionsWorld(
    {
      issues: 4,
      behaviours: new Map(options.behaviours ?? []),
      edits: { 1: `${fs} fs.writeFileSync("NOTES.md", "one\\n");` },
      ...(options.mode ? { mode: options.mode } : {}),
    },
    noIsolation,
  );
  night = await actionsNight(world, alive);
  return { world, night };
}

const runsOf = (w: ActionsWorld, issue: number) =>
  w.sim.actions.runs(CALC).filter((run) => run.displayTitle.endsWith(`-${String(issue)}`));
const botComments = (w: ActionsWorld, issue: number) =>
  w.sim.state.comments(CALC, issue).map((comment) => comment.body);
const labelsOf = (w: ActionsWorld, issue: number) =>
  w.sim.state.issues(CALC).find((i) => i.number === issue)?.labels ?? [];

describe("/skip or /hold before GitHub named the run", () => {
  it("cancels the run once the dispatch's answer names it (a 204, then the title look)", async () => {
    const { world: w, night: n } = await setUp({
      mode: "ghes",
      behaviours: [[2, { kind: "hang" }]],
    });
    let said: string | null = "not asked";
    const id = await n.dispatch(2, {
      // Between GitHub's answer and the journal's write, a maintainer comments `/skip`.
      crashAfterDispatch: () => {
        void n.events.cancelIssueRuns(REF, 2, w.github).then((result) => {
          said = cancelNotice(result);
        });
      },
    });
    expect(said).toContain("will be cancelled as soon as GitHub names it");
    expect(n.journal.dispatches.get(id)?.cancelRequestedAt).not.toBeNull();
    // Cancelled as the id was recorded, before any reconcile pass.
    expect(runsOf(w, 2)).toMatchObject([{ status: "completed", conclusion: "cancelled" }]);
    await n.settle();
    expect(runsOf(w, 2)).toMatchObject([{ status: "completed", conclusion: "cancelled" }]);
    expect(n.journal.getRun(id)).toMatchObject({ state: "failed" });
    expect(n.reported(2).settled).toMatchObject([
      { status: "failed", reason: "the workflow run was cancelled" },
    ]);
    expect(labelsOf(w, 2)).toContain("nightshift: failed");
  });

  it("cancels the run once the reconciler finds it by its title", async () => {
    const { world: w, night: n } = await setUp({
      mode: "ghes",
      behaviours: [[2, { kind: "hang" }]],
    });
    // GitHub made the run, but its answer was lost: nobody knows the run's id. (The first
    // request, with `return_run_details`, is refused by the older server whatever happens.)
    w.sim.faults.add({
      method: "POST",
      pathPattern: DISPATCHES,
      status: 502,
      times: 2,
      afterEffect: true,
    });
    await expect(n.dispatch(2)).rejects.toMatchObject({ status: 502 });
    const skipped = await n.events.cancelIssueRuns(REF, 2, w.github);
    expect(skipped).toEqual({ cancelled: [], pending: 1 });
    expect(runsOf(w, 2)).toHaveLength(1);
    expect(runsOf(w, 2)[0]?.status).not.toBe("completed");
    await n.reconcile();
    expect(runsOf(w, 2)).toMatchObject([{ status: "completed", conclusion: "cancelled" }]);
    await n.settle();
    expect(n.reported(2).settled).toMatchObject([
      { status: "failed", reason: "the workflow run was cancelled" },
    ]);
  });

  it("dispatches nothing for a skipped dispatch a dead process never sent", async () => {
    const { world: w, night: n } = await setUp({}, (owner) => owner !== "gone");
    const id = n.open(3, "gone");
    n.journal.dispatches.begin({
      runId: id,
      taskId: "never-sent-3",
      repo: CALC,
      workflow: w.choice.workflow,
      since: new Date(Date.now() - 60_000).toISOString(),
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      maxArtifactBytes: w.choice.maxArtifactBytes,
    });
    expect(await n.events.cancelIssueRuns(REF, 3, w.github)).toEqual({ cancelled: [], pending: 1 });
    await n.reconcile();
    expect(w.sim.actions.runs(CALC)).toEqual([]);
    expect(n.journal.dispatches.inFlight()).toEqual([]);
    expect(n.reported(3).settled).toMatchObject([{ status: "interrupted" }]);
  });
});

describe("a dispatch request that throws", () => {
  it("is found by its title at the next reconcile pass when GitHub made the run after all", async () => {
    const { world: w, night: n } = await setUp({});
    w.sim.faults.add({
      method: "POST",
      pathPattern: DISPATCHES,
      status: 502,
      times: 1,
      afterEffect: true,
    });
    await expect(n.dispatch(1)).rejects.toMatchObject({ status: 502 });
    const [row] = n.journal.dispatches.inFlight();
    expect(row).toMatchObject({ actionsRunId: null, dispatchError: "HTTP 502" });
    // The next pass, minutes before the row could look abandoned.
    await n.reconcile();
    expect(n.journal.dispatches.get(row?.runId ?? "")?.actionsRunId).toBe(runsOf(w, 1)[0]?.id);
    await n.settle();
    expect(runsOf(w, 1)).toHaveLength(1);
    expect(n.reported(1).settled).toMatchObject([{ status: "shipped" }]);
    expect(w.sim.state.pulls(CALC).filter((p) => p.body.includes("Closes #1\n"))).toHaveLength(1);
  });

  it("is settled at the next reconcile pass when GitHub made no run, and dispatched again once", async () => {
    const { world: w, night: n } = await setUp({
      behaviours: [[4, { kind: "conclusion", conclusion: "failure" }]],
    });
    w.sim.faults.add({ method: "POST", pathPattern: DISPATCHES, status: 502, times: 1 });
    await expect(n.dispatch(4)).rejects.toMatchObject({ status: 502 });
    await n.reconcile();
    expect(n.journal.dispatches.inFlight()).toEqual([]);
    expect(w.sim.actions.runs(CALC)).toEqual([]);
    expect(n.reported(4).settled).toMatchObject([
      { status: "interrupted", reason: expect.stringContaining("HTTP 502") as unknown },
    ]);
    // A later cycle dispatches the task afresh: one run on GitHub, under the new attempt's title.
    const again = await n.dispatch(4);
    await n.settle();
    expect(w.sim.actions.runs(CALC).map((run) => run.displayTitle)).toEqual([taskIdOf(again)]);
    expect(n.journal.getRun(again)).toMatchObject({ state: "failed" });
    expect(n.reported(4).settled.map((run) => run.status)).toEqual(["interrupted", "failed"]);
  });
});

describe("a run that cannot be collected", () => {
  it("fails its issue once, with the reason: an expired artifact, no artifact, a deleted run", async () => {
    const { world: w, night: n } = await setUp({
      behaviours: [
        [1, { kind: "artifact", build: resultZip }],
        [2, { kind: "no-artifact" }],
        [3, { kind: "artifact", build: resultZip }],
      ],
    });
    const reasons = new Map([
      [1, "the run's result artifact has expired"],
      [2, "the workflow run uploaded no `nightshift-result` artifact"],
      [3, "the workflow run no longer exists"],
    ]);
    const ids = new Map<number, string>();
    for (const issue of reasons.keys()) ids.set(issue, await n.dispatch(issue));
    // Their webhooks are lost; the artifact expires and a maintainer deletes a run meanwhile.
    await w.quiet();
    const actionsRunOf = (issue: number) => runsOf(w, issue)[0]?.id ?? 0;
    w.sim.actions.expireArtifacts(actionsRunOf(1));
    w.sim.actions.deleteRun(actionsRunOf(3));
    // Two passes at once (a webhook racing the reconciler): each run is collected once.
    await Promise.all([n.reconcile(), n.reconcile()]);
    await n.reconcile();
    for (const [issue, reason] of reasons) {
      expect(n.journal.getRun(ids.get(issue) ?? "")).toMatchObject({ state: "failed" });
      expect(n.reported(issue)).toEqual({
        settled: [expect.objectContaining({ status: "failed", reason })],
        running: [],
      });
      const said = botComments(w, issue).filter((body) => body.includes(reason));
      expect(said).toHaveLength(1);
      expect(botComments(w, issue)).toHaveLength(1);
      expect(labelsOf(w, issue)).toContain("nightshift: failed");
    }
    expect(n.journal.dispatches.inFlight()).toEqual([]);
    expect(w.sim.violations).toEqual([]);
  });
});
