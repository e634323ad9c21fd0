import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../src/backends/actions/zip-write.js";
import { readDataBlock, type ReportData } from "../../src/report/data.js";
import type { SessionOutcome } from "../../src/report/outcome.js";
import type { JournalRun } from "../../src/store/journal.js";
import {
  escapingBundleArtifact,
  successResult,
  type JobBehaviour,
} from "../backends/actions/fake-runner.js";
import { faultWorld, type FaultWorld } from "./actions/world.js";

const child = fileURLToPath(new URL("./actions/night-child.ts", import.meta.url));
const SESSION = "actions-faults";
const CALC = "acme/calc";
// Built at run time so no secret scanner takes it for a real token.
const TOKEN = ["ghs", "0123456789abcdefghijABCDEFGHIJ012345"].join("_");
const fs = `const fs = require("fs");`;

/** What the fake runner does for each issue of acme/calc; the rest run the real job. */
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
  [10, { kind: "artifact", build: () => randomBytes(2 * 1024 * 1024) }],
  // Runs until cancelled: a maintainer's `/skip` stops it.
  [13, { kind: "hang" }],
]);
const edits: Record<number, string> = {
  1: `${fs} fs.writeFileSync("src/sum.js", "export const sum = (a, b) => a + b;\\n");`,
  // Joined inside the job: a credential in the agent's definition would never be dispatched.
  2: `${fs} fs.writeFileSync("config.js", "export const token = '" + ${JSON.stringify(TOKEN.split("_"))}.join("_") + "';\\n");`,
  3: `${fs} fs.symlinkSync("/etc/passwd", "passwd");`,
  4: `${fs} fs.writeFileSync("big.bin", Buffer.alloc(6 * 1024 * 1024));`,
  11: `${fs} fs.writeFileSync("NOTES.md", "eleven\\n");`,
  12: `${fs} fs.writeFileSync("NOTES12.md", "twelve\\n");`,
};
const ISSUES = 13;
const SKIPPED = 13;
/** Every failure's reason, as the report must give it. */
const FAILED: [string, number, string][] = [
  [CALC, 2, "`config.js` holds what looks like a GitHub token on line 1"],
  [CALC, 3, "`passwd` is a symlink to `/etc/passwd`, outside the repository"],
  [CALC, 4, "`big.bin` is 6.0 MB, more than the 5.0 MB a file may be"],
  [CALC, 5, "the change bundle holds a path that leaves the repository"],
  [CALC, 6, "result.json does not match the result schema (version 1)"],
  [CALC, 7, "the workflow run ended with `failure`"],
  [CALC, 8, "the workflow run was cancelled"],
  [CALC, 9, "the workflow run timed out"],
  [CALC, 10, "the run's result artifact is 2.0 MB, more than the 1.0 MB allowed"],
  [CALC, SKIPPED, "the workflow run was cancelled"],
];
const SHIPPED: [string, number][] = [
  [CALC, 1],
  [CALC, 11],
  [CALC, 12],
];

let world: FaultWorld;
let outcome: SessionOutcome;
let runs: JournalRun[];
let firstProcess: { signal: NodeJS.Signals | null; dispatchedBefore: number };

/** The bot's first process, which kills itself once GitHub has taken its first dispatch. */
function crashingNight(): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const proc = execFile(process.execPath, ["--import", "tsx", child], {
      env: {
        ...process.env,
        GHE_HOST: world.sim.host,
        APP_ID: String(world.sim.appId),
        PRIVATE_KEY: world.sim.privateKey,
        HOST: JSON.stringify(world.hostRaw),
        NIGHTSHIFT_SESSION_ID: SESSION,
      },
      timeout: 60_000,
    });
    proc.on("exit", (_code, signal) => {
      resolve(signal);
    });
  });
}

/** Resolves once `condition` holds, looking again whenever other work has had a turn. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  world = await faultWorld({ issues: ISSUES, behaviours, edits, maxArtifactMb: 1 });
  // Killed between GitHub's answer and the journal's write: nobody hears those runs' webhooks.
  const signal = await crashingNight();
  await world.sim.actions.settled();
  firstProcess = { signal, dispatchedBefore: world.sim.actions.runs(CALC).length };
  // GitHub loses deliveries and sends some twice; neither may change the night.
  world.sim.faults.webhook({ event: "workflow_run", action: "completed", kind: "lose", times: 2 });
  world.sim.faults.webhook({
    event: "workflow_run",
    action: "completed",
    kind: "duplicate",
    times: 2,
  });
  // The restarted bot: the same session, resumed.
  const bot = await world.bot();
  try {
    const night = bot.session(SESSION);
    // Once the hanging run is dispatched and journaled, a maintainer skips its issue.
    await until(() =>
      bot.journal.dispatches
        .inFlight()
        .some((d) => d.actionsRunId !== null && bot.journal.getRun(d.runId)?.issue === SKIPPED),
    );
    await world.sim.act({ as: "maya", comment: { repo: CALC, issue: SKIPPED, body: "/skip" } });
    outcome = await night;
    await bot.settle();
    runs = bot.journal.runsOf(SESSION);
  } finally {
    await bot.close();
  }
}, 120_000);

afterAll(async () => {
  await world.close();
  nock.enableNetConnect();
});

const key = (repo: string, issue: number) => `${repo}#${issue}`;

/** Every repository's morning report data, from the report issues' last comments. */
function reports(): ReportData[] {
  return world.sim.state.repositories().flatMap((repo) => {
    const report = world.sim.state
      .issues(repo)
      .find((issue) => issue.labels.includes("nightshift: report"));
    const last = report && world.sim.state.comments(repo, report.number).at(-1);
    const data = last && readDataBlock(last.body);
    return data ? [data] : [];
  });
}

describe("a night on simulated GitHub Actions through every fault", () => {
  it("was killed after a dispatch, and the restart dispatched nothing twice", () => {
    expect(firstProcess.signal).toBe("SIGKILL");
    expect(firstProcess.dispatchedBefore).toBeGreaterThan(0);
    const titles = world.sim.actions.runs(CALC).map((run) => run.displayTitle);
    expect(titles).toHaveLength(ISSUES);
    expect(new Set(titles).size).toBe(ISSUES);
    expect(world.sim.actions.runs("acme/bare")).toEqual([]);
  });

  it("met the lost and duplicated webhooks", () => {
    expect(world.sim.lostWebhooks).toHaveLength(2);
    const completed = world.sim.deliveries.filter(
      (d) => d.event === "workflow_run" && d.action === "completed",
    );
    expect(new Set(completed.map((d) => d.id)).size).toBeLessThan(completed.length);
  });

  it("settles one run per issue: the good changes shipped, every fault failed with its reason", () => {
    const byIssue = new Map(runs.map((run) => [key(run.repo, run.issue), run]));
    expect(runs).toHaveLength(ISSUES + 1);
    expect(byIssue.size).toBe(ISSUES + 1);
    const all = outcome.repos.flatMap((repo) => repo.runs);
    const status = (repo: string, issue: number) =>
      all.find(
        (run) =>
          key(`${run.task.repo.owner}/${run.task.repo.repo}`, run.task.issue.number) ===
          key(repo, issue),
      );
    for (const [repo, issue] of SHIPPED) {
      expect(status(repo, issue)).toMatchObject({ status: "shipped" });
    }
    for (const [repo, issue, reason] of FAILED) {
      expect(status(repo, issue)).toMatchObject({
        status: "failed",
        reason: expect.stringContaining(reason) as unknown,
      });
    }
    expect(status("acme/bare", 1)).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("has no workflow .github/workflows/") as unknown,
    });
    expect(outcome.running ?? []).toEqual([]);
  });

  it("opens exactly one PR per shipped issue and none for a failure", () => {
    const pulls = world.sim.state.pulls(CALC);
    for (const [, issue] of SHIPPED) {
      expect(pulls.filter((p) => p.body.includes(`Closes #${issue}\n`))).toHaveLength(1);
    }
    expect(pulls).toHaveLength(SHIPPED.length);
    expect(world.sim.state.pulls("acme/bare")).toEqual([]);
  });

  it("reports exactly the journal's runs, each failure with its reason", () => {
    const reported = reports().flatMap((data) =>
      data.runs.map((run) => [key(data.repo, run.issue.number), run.runId, run.status, run.reason]),
    );
    const journaled = runs.map((run) => [key(run.repo, run.issue), run.id]);
    expect(reported.map(([k, id]) => [k, id]).sort()).toEqual(journaled.sort());
    for (const [repo, issue, reason] of FAILED) {
      const row = reported.find(([k]) => k === key(repo, issue));
      expect(row?.[3]).toContain(reason);
    }
    expect(world.sim.violations).toEqual([]);
  });

  it("cancels a dispatched run on /skip and says so on the issue", () => {
    const run = world.sim.actions
      .runs(CALC)
      .find((r) => r.displayTitle.endsWith(`-${String(SKIPPED)}`));
    expect(run).toMatchObject({ status: "completed", conclusion: "cancelled" });
    const said = world.sim.state.comments(CALC, SKIPPED).map((c) => c.body);
    expect(said.some((body) => body.includes("Cancelled this issue's run on GitHub Actions"))).toBe(
      true,
    );
    expect(world.sim.state.issues(CALC).find((i) => i.number === SKIPPED)?.labels).toContain(
      "nightshift: failed",
    );
  });
});
