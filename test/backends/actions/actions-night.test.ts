import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { finishActionsRun } from "../../../src/backends/actions/finish.js";
import { reconcileRuns } from "../../../src/backends/actions/reconcile.js";
import { runEventOf } from "../../../src/backends/actions/run-events.js";
import { startActionsRun } from "../../../src/backends/actions/start.js";
import { actionsWorkflow } from "../../../src/backends/actions/workflow.js";
import { writeZip } from "../../../src/backends/actions/zip-write.js";
import { probeIsolation } from "../../../src/sandbox/probe.js";
import type { Isolation } from "../../../src/sandbox/policy.js";
import { escapingBundleArtifact, successResult, type JobBehaviour } from "./fake-runner.js";
import { RunLedger } from "./ledger.js";
import { actionsWorld, type ActionsWorld } from "./sim-world.js";

// Built at run time so no secret scanner takes it for a real token.
const TOKEN = ["ghs", "0123456789abcdefghijABCDEFGHIJ012345"].join("_");
const resolved = () => Promise.resolve();

let isolation: Isolation;
let world: ActionsWorld | undefined;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  isolation = await probeIsolation("bubblewrap");
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});
afterAll(() => {
  nock.enableNetConnect();
});

/** The bot's side of a night on Actions: dispatch each issue, collect on webhooks, reconcile the rest. */
function botSide(w: ActionsWorld, ledger: RunLedger) {
  const since = new Date(Date.now() - 60_000);
  const collect = async (runId: number) => {
    const run = ledger.claim(runId);
    if (run === undefined) return;
    const finished = await finishActionsRun(w.deps, w.task(run.issue), w.ctx, {
      port: w.github,
      runId,
      base: run.base,
      maxArtifactBytes: w.choice.maxArtifactBytes,
      started: since,
    });
    if (finished.kind === "running") ledger.release(runId);
    else ledger.settle(run.issue, finished.outcome);
  };
  w.setWebhookHandler(async (event, _delivery, payload) => {
    const run = runEventOf(event, payload);
    if (run?.event === "workflow_run" && run.action === "completed") await collect(run.runId);
  });
  return {
    start: (
      issue: number,
      options: {
        record?: (runId: number, base: string) => Promise<void>;
        maybeDispatched?: boolean;
      } = {},
    ) =>
      startActionsRun(w.deps, w.task(issue), w.ctx, {
        port: w.github,
        choice: w.choice,
        actions: w.actions,
        taskId: `s1-acme-calc-${issue}`,
        since,
        record:
          options.record ??
          ((runId, base) => {
            ledger.record(issue, runId, base);
            return Promise.resolve();
          }),
        wait: resolved,
        ...(options.maybeDispatched === undefined
          ? {}
          : { maybeDispatched: options.maybeDispatched }),
      }),
    /** What a cycle does for runs no webhook settled: ask GitHub, cancel the overdue, collect the finished. */
    async reconcile(overdue: ReadonlySet<number> = new Set()) {
      const inFlight = ledger.inFlight().map((runId) => ({
        repo: w.ctx.info,
        runId,
        task: String(runId),
        ...(overdue.has(ledger.runs.get(runId)?.issue ?? 0) ? { deadline: new Date(0) } : {}),
      }));
      const states = await reconcileRuns(w.github, w.deps.clock, inFlight);
      for (const { run, state } of states) {
        if (state.kind === "completed") await collect(run.runId);
      }
    },
  };
}

/** Polls a condition on the event loop (no fixed sleeps): resolves as soon as it holds. */
async function waitFor(condition: () => boolean, limit = 100_000): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > limit) throw new Error("condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const reasonOf = (ledger: RunLedger, issue: number) => {
  const outcomes = ledger.outcomes.get(issue) ?? [];
  expect(outcomes).toHaveLength(1);
  return outcomes[0];
};

describe("the actions backend over the simulator", () => {
  it("plays a night of faults: one outcome per issue, the good change shipped, every bad artifact refused with its reason", async () => {
    const behaviours = new Map<number, JobBehaviour>([
      [5, { kind: "artifact", build: escapingBundleArtifact }],
      [
        6,
        {
          kind: "artifact",
          build: () =>
            writeZip([
              {
                name: "result.json",
                data: Buffer.from(JSON.stringify({ ...successResult, version: 2 })),
              },
            ]),
        },
      ],
      [7, { kind: "conclusion", conclusion: "failure" }],
      [8, { kind: "conclusion", conclusion: "cancelled" }],
      [9, { kind: "conclusion", conclusion: "timed_out" }],
      [10, { kind: "no-artifact" }],
      [11, { kind: "artifact", build: () => randomBytes(2 * 1024 * 1024) }],
      [12, { kind: "hang" }],
    ]);
    const fs = `const fs = require("fs");`;
    world = await actionsWorld(
      {
        issues: 14,
        behaviours,
        maxArtifactMb: 1,
        edits: {
          1: `${fs} fs.writeFileSync("src/sum.js", "export const sum = (a, b) => a + b;\\n");`,
          // Joined inside the job: a credential in the agent's definition would never be dispatched.
          2: `${fs} fs.writeFileSync("config.js", "export const token = '" + ${JSON.stringify(TOKEN.split("_"))}.join("_") + "';\\n");`,
          3: `${fs} fs.symlinkSync("/etc/passwd", "passwd");`,
          4: `${fs} fs.writeFileSync("big.bin", Buffer.alloc(6 * 1024 * 1024));`,
          13: `process.exit(1);`,
        },
      },
      isolation,
    );
    const w = world;
    // GitHub loses deliveries and sends some twice; neither may change the outcome.
    w.sim.faults.webhook({ event: "workflow_run", action: "completed", kind: "lose", times: 3 });
    w.sim.faults.webhook({
      event: "workflow_run",
      action: "completed",
      kind: "duplicate",
      times: 3,
    });
    const ledger = new RunLedger();
    const bot = botSide(w, ledger);
    for (let issue = 1; issue <= 14; issue++) {
      if (issue === 12) continue;
      expect(await bot.start(issue)).toMatchObject({ kind: "started", adopted: false });
    }
    await w.quiet();
    // A job that never ends: past its deadline, a cycle's reconcile cancels it.
    expect(await bot.start(12)).toMatchObject({ kind: "started" });
    await waitFor(() => w.sim.actions.runs("acme/calc").at(-1)?.status === "in_progress");
    await bot.reconcile(new Set([12]));
    await w.quiet();
    await bot.reconcile();
    await w.quiet();

    expect(w.sim.lostWebhooks.length).toBe(3);
    expect(ledger.inFlight()).toEqual([]);
    expect(reasonOf(ledger, 1)).toMatchObject({ status: "shipped", pr: { draft: false } });
    const expected: [number, string][] = [
      [2, "`config.js` holds what looks like a GitHub token on line 1"],
      [3, "`passwd` is a symlink to `/etc/passwd`, outside the repository"],
      [4, "`big.bin` is 6.0 MB, more than the 5.0 MB a file may be"],
      [5, "the change bundle holds a path that leaves the repository"],
      [6, "result.json does not match the result schema (version 1)"],
      [7, "the workflow run ended with `failure`"],
      [8, "the workflow run was cancelled"],
      [9, "the workflow run timed out"],
      [10, "the workflow run uploaded no `nightshift-result` artifact"],
      [11, "the run's result artifact is 2.0 MB, more than the 1.0 MB allowed"],
      [12, "the workflow run was cancelled"],
      [13, "agent exited with 1"],
    ];
    for (const [issue, reason] of expected) {
      expect({ issue, ...reasonOf(ledger, issue) }).toMatchObject({
        issue,
        status: "failed",
        reason: expect.stringContaining(reason) as unknown,
      });
    }
    expect(reasonOf(ledger, 14)).toMatchObject({ status: "no-change" });

    const pulls = w.sim.state.pulls("acme/calc");
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ title: "Issue 1 (#1)", draft: false });
    const shipped = execFileSync(
      "git",
      ["--git-dir", w.sim.gitDir("acme/calc"), "show", `${pulls[0]?.head.ref ?? ""}:src/sum.js`],
      { encoding: "utf8" },
    );
    expect(shipped).toContain("a + b");
    // One download per artifact (issues 1–6, 13, 14), none of the oversized one (11), none
    // twice, and none carrying the token.
    expect(w.sim.actions.downloads.every((download) => !download.authorization)).toBe(true);
    expect(w.sim.actions.downloads).toHaveLength(8);
    expect(w.sim.actions.runs("acme/calc")).toHaveLength(14);
    expect(w.sim.violations).toEqual([]);
  }, 120_000);

  it("finds its runs by title on a server that answers 204, and ships each", async () => {
    world = await actionsWorld(
      {
        issues: 2,
        mode: "ghes",
        edits: {
          1: `require("fs").writeFileSync("one.txt", "1\\n");`,
          2: `require("fs").writeFileSync("two.txt", "2\\n");`,
        },
      },
      isolation,
    );
    const ledger = new RunLedger();
    const bot = botSide(world, ledger);
    expect(await bot.start(1)).toMatchObject({ kind: "started", adopted: false });
    expect(await bot.start(2)).toMatchObject({ kind: "started", adopted: false });
    await world.quiet();
    await bot.reconcile();
    await world.quiet();
    expect(reasonOf(ledger, 1)).toMatchObject({ status: "shipped" });
    expect(reasonOf(ledger, 2)).toMatchObject({ status: "shipped" });
    expect(world.sim.state.pulls("acme/calc")).toHaveLength(2);
    // Each dispatch first carried return_run_details, was refused (400, nothing dispatched)
    // and was sent again without it; nothing ran twice.
    const dispatches = world.sim.requests.filter((request) => request.path.endsWith("/dispatches"));
    expect(dispatches.map((request) => request.status)).toEqual([400, 204, 400, 204]);
    expect(world.sim.actions.runs("acme/calc").map((run) => run.displayTitle)).toEqual([
      "s1-acme-calc-1",
      "s1-acme-calc-2",
    ]);
  });

  it("never dispatches twice when it crashed between the dispatch and recording the run", async () => {
    world = await actionsWorld(
      { issues: 1, edits: { 1: `require("fs").writeFileSync("fix.txt", "ok\\n");` } },
      isolation,
    );
    const ledger = new RunLedger();
    const bot = botSide(world, ledger);
    await expect(
      bot.start(1, { record: () => Promise.reject(new Error("the journal was killed mid-write")) }),
    ).rejects.toThrow(/killed/);
    // A restart: the journal says "dispatching", without a run id.
    expect(await bot.start(1, { maybeDispatched: true })).toMatchObject({
      kind: "started",
      adopted: true,
    });
    await world.quiet();
    await bot.reconcile();
    await world.quiet();
    expect(world.sim.actions.runs("acme/calc")).toHaveLength(1);
    expect(reasonOf(ledger, 1)).toMatchObject({ status: "shipped" });
    expect(world.sim.state.pulls("acme/calc")).toHaveLength(1);
  });

  it("says where the workflow is missing, and dispatches nothing", async () => {
    world = await actionsWorld({ issues: 1, withWorkflow: false, edits: {} }, isolation);
    const bot = botSide(world, new RunLedger());
    expect(await bot.start(1)).toEqual({
      kind: "refused",
      reason:
        "the repository has no workflow .github/workflows/nightshift-agent.yml on its default branch (`nightshift init` prints it)",
    });
    expect(world.sim.actions.runs("acme/calc")).toEqual([]);
  });

  it("says so when the committed workflow is from another version", async () => {
    const outdated = actionsWorkflow({ packageSpec: "nightshift@0.0.1" }).replace(
      /^ {6}limits: .*\n/m,
      "",
    );
    world = await actionsWorld({ issues: 1, workflowText: outdated, edits: {} }, isolation);
    const started = await botSide(world, new RunLedger()).start(1);
    expect(started).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining('Unexpected inputs provided: ["limits"]') as unknown,
    });
    expect(world.sim.actions.runs("acme/calc")).toEqual([]);
  });
});
