import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import {
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { Journal, type JournalRun } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";
import type { NightshiftServer } from "../../src/server/start.js";
import { serveBot } from "../support/serve-bot.js";

const scenarioPath = fileURLToPath(
  new URL("../../fixtures/scenarios/until-done.yml", import.meta.url),
);
const NIGHT = ["loop@2026-01-05", "loop@2026-01-06", "loop@2026-01-07"] as const;

let sim: Simulator;
let server: NightshiftServer;
let queue: KeyedWorkQueue;
let dataDir: string;
let journal: Journal;
/** The report issue's comments of each repository after each night, by night. */
const seen: Record<string, string[]>[] = [];

const reportComments = (repo: string) => {
  const report = sim.state.issues(repo).find((i) => i.labels.includes("nightshift: report"));
  return report ? sim.state.comments(repo, report.number) : [];
};
const bodies = (repo: string) => reportComments(repo).map((c) => c.body);
const statusOf = (bodiesNow: readonly string[]) =>
  bodiesNow.filter((b) => b.startsWith("<!-- nightshift:until-done session="));
const snapshot = () => {
  const repos = ["acme/closing", "acme/failing", "acme/capped", "acme/checked"];
  seen.push(Object.fromEntries(repos.map((repo) => [repo, bodies(repo)])));
};
const runsIn = (night: string, repo: string): JournalRun[] =>
  journal.runsOf(night).filter((run) => run.repo === repo && run.state !== "planned");
const issuesRun = (night: string, repo: string) => runsIn(night, repo).map((run) => run.issue);
const reportIssueOf = (repo: string): number => {
  const report = sim.state.issues(repo).find((i) => i.labels.includes("nightshift: report"));
  if (!report) throw new Error(`no report issue in ${repo}`);
  return report.number;
};

async function act(event: Parameters<Simulator["act"]>[0]): Promise<void> {
  await sim.act(event);
  await sim.idle();
  await queue.idle();
}

/**
 * Three nights of a 22:00–02:00 window (a cycle an hour) on a fake clock against the simulator,
 * with four until-done targets. Night 1: acme/failing's three runs fail (and pause the
 * session); acme/checked's first check fails. maya puts DONE on acme/checked's main. Night 2:
 * the rest run; acme/capped's cap holds its second issue; acme/checked is checked again after
 * its runs. Between nights 2 and 3 maya closes acme/closing's issues, and she and tia ask to
 * resume acme/failing. Night 3 sees the outcome of each.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const clock = new NightClock(new Date("2026-01-05T21:58:00Z"));
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "loop", now: clock.now });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-until-done-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret: "loop",
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 100, logger: log });
  // The server `npm start` runs, its issue and comment fast path included.
  server = await serveBot(sim, nightshiftApp({ queue, clock }), probot, log);
  const night = { probot, host, journal, logger: log, clock, owner: processOwnerId() };
  await playNight({ ...night, until: new Date("2026-01-06T03:00:00Z") });
  snapshot();
  await act({
    as: "maya",
    push: { repo: "acme/checked", branch: "main", files: { DONE: "yes\n" }, message: "Done" },
  });
  await playNight({ ...night, until: new Date("2026-01-07T03:00:00Z") });
  snapshot();
  await act({ as: "maya", closeIssue: { repo: "acme/closing", issue: 1, reason: "completed" } });
  await act({ as: "maya", closeIssue: { repo: "acme/closing", issue: 2, reason: "completed" } });
  const failing = reportIssueOf("acme/failing");
  await act({
    as: "tia",
    comment: { repo: "acme/failing", issue: failing, body: "/nightshift resume v2" },
  });
  clock.advance(60_000);
  await act({
    as: "maya",
    comment: { repo: "acme/failing", issue: failing, body: "/nightshift resume v2" },
  });
  await playNight({ ...night, until: new Date("2026-01-08T03:00:00Z") });
  snapshot();
}, 600_000);

afterAll(async () => {
  journal.close();
  await server.stop();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("until-done: every issue closed", () => {
  it("runs the target's issues, then says done once a maintainer closed them", () => {
    expect(issuesRun(NIGHT[1], "acme/closing").sort()).toEqual([1, 2]);
    const [working] = statusOf(seen[1]?.["acme/closing"] ?? []);
    expect(working).toContain("**working**");
    const [done, ...more] = statusOf(bodies("acme/closing"));
    expect(more).toEqual([]);
    expect(done).toContain("**done**: every issue is closed");
    expect(done).toContain("0 of 2 open");
  });

  it("starts nothing more of it", () => {
    expect(runsIn(NIGHT[2], "acme/closing")).toEqual([]);
  });
});

describe("until-done: three failed runs", () => {
  it("fails three runs in the first night, the fourth issue left for later", () => {
    expect(issuesRun(NIGHT[0], "acme/failing")).toEqual([1, 2, 3]);
    expect(runsIn(NIGHT[0], "acme/failing").every((run) => run.outcome?.status === "failed")).toBe(
      true,
    );
  });

  it("pauses with an alert naming the failed runs", () => {
    const alert = seen[0]?.["acme/failing"]?.find((b) => b.includes("Until done paused"));
    expect(alert).toContain("milestone `v2`");
    expect(alert).toContain("3 runs failed in a row");
    for (const issue of ["#1", "#2", "#3"]) expect(alert).toContain(`- ${issue}, ended`);
    expect(alert).toContain("`/nightshift resume v2`");
    expect(statusOf(seen[1]?.["acme/failing"] ?? [])[0]).toContain("**paused** after 3 failed");
  });

  it("starts no fourth run until a maintainer resumes, and refuses tia's resume", () => {
    expect(issuesRun(NIGHT[1], "acme/failing")).toEqual([]);
    const skip = journal.plans
      .skipsOf(NIGHT[1])
      .find((s) => s.repo === "acme/failing" && s.task.issue.number === 4);
    expect(skip?.reason.kind).toBe("until-done-paused");
    const [tia, maya] = reportComments("acme/failing").filter(
      (c) => c.author !== "nightshift[bot]",
    );
    expect(tia?.reactions.map((r) => r.content)).toEqual(["-1"]);
    expect(maya?.reactions.map((r) => r.content)).toEqual(["+1"]);
    expect(journal.untilDone.memory("acme/failing", "milestone:v2").resumedAt).toEqual(
      new Date(maya?.createdAt ?? 0),
    );
    expect(issuesRun(NIGHT[2], "acme/failing")).toEqual([4]);
  });
});

describe("until-done in the evening preview", () => {
  const lastPreview = (bodiesNow: readonly string[]) =>
    bodiesNow.filter((b) => b.includes("Nightshift evening preview")).at(-1) ?? "";

  it("holds the paused target's issue with the reason", () => {
    const paused = lastPreview(seen[1]?.["acme/failing"] ?? []);
    expect(paused).toContain("plans to run:\n\nNothing.");
    expect(paused).toContain(
      "- #4 Port the CLI: until done: milestone `v2` paused after failed runs (`/nightshift resume v2` resumes it)",
    );
  });

  it("lists a working target's issues as planned", () => {
    const working = lastPreview(seen[0]?.["acme/closing"] ?? []);
    expect(working).toContain("1. #1 Document the parser");
    expect(working).toContain("2. #2 Document the printer");
  });
});

describe("until-done: the daily cap", () => {
  it("runs one issue, holds the next while the cap is spent, and runs it once it frees", () => {
    const [first] = runsIn(NIGHT[1], "acme/capped");
    expect(runsIn(NIGHT[1], "acme/capped").map((run) => run.issue)).toEqual([1]);
    expect(statusOf(seen[1]?.["acme/capped"] ?? [])[0]).toContain(
      "**daily cap reached**: 10 of 10",
    );
    const [second] = runsIn(NIGHT[2], "acme/capped");
    expect(second?.issue).toBe(2);
    const freed = Date.parse(first?.updatedAt ?? "") + 86_400_000;
    expect(Date.parse(second?.startedAt ?? "")).toBeGreaterThanOrEqual(freed);
  });
});

describe("until-done: the completion check", () => {
  it("works while the check fails, and says done once it passes after a run", () => {
    // DONE landed after night 1's check: nothing is checked again before a run.
    expect(statusOf(seen[0]?.["acme/checked"] ?? [])[0]).toContain("**working**");
    expect(issuesRun(NIGHT[1], "acme/checked").sort()).toEqual([1, 2]);
    expect(statusOf(seen[1]?.["acme/checked"] ?? [])[0]).toContain(
      "**done**: its completion check passed on the default branch",
    );
    expect(journal.untilDone.memory("acme/checked", "label:loop: checked").check).toMatchObject({
      passed: true,
    });
    expect(runsIn(NIGHT[2], "acme/checked")).toEqual([]);
  });
});

describe("until-done against GitHub's API description", () => {
  it("makes only requests GitHub's OpenAPI allows (the milestone listing too)", () => {
    expect(sim.violations).toEqual([]);
    const paths = sim.requests.map((r) => r.path);
    expect(paths.some((p) => p.startsWith("/repos/acme/failing/milestones"))).toBe(true);
  });
});
