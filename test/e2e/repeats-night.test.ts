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
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";
import type { NightshiftServer } from "../../src/server/start.js";
import { serveBot } from "../support/serve-bot.js";

const scenarioPath = fileURLToPath(
  new URL("../../fixtures/scenarios/repeats.yml", import.meta.url),
);
const REPO = "acme/notes";
const LINE = "- [ ] Weekly release notes — weekly on Monday, 5 closed issues, high confidence";

let sim: Simulator;
let server: NightshiftServer;
let queue: KeyedWorkQueue;
let dataDir: string;
let journal: Journal;
const ran: string[] = [];
let dashboardAfterNight = "";
let dashboardAfterTia = "";
let dashboardAfterMaya = "";
let dashboardAfterNextNight = "";
let occurrencesAfterPreview: string[] = [];
let listingsAtReport = 0;
let adoptedAfterTia = -1;

const reportIssue = () =>
  sim.state.issues(REPO).find((issue) => issue.labels.includes("nightshift: report"));
const dashboard = () => reportIssue()?.body ?? "";
const reportComments = () => {
  const report = reportIssue();
  return report ? sim.state.comments(REPO, report.number).map((c) => c.body) : [];
};
const occurrences = () =>
  sim.state
    .issues(REPO)
    .filter((issue) => issue.state === "open" && issue.title.startsWith("Weekly release notes"))
    .map((issue) => issue.title);

async function tick(as: string): Promise<void> {
  const report = reportIssue();
  if (!report) throw new Error("no report issue");
  const body = dashboard().replace(LINE, LINE.replace("- [ ]", "- [x]"));
  await sim.act({ as, editIssue: { repo: REPO, issue: report.number, body } });
  await sim.idle();
  await queue.idle();
}

/**
 * Repeat suggestions end to end, on a fake clock against the simulator: the first morning
 * report offers the weekly repeat on the dashboard, tia's tick (triage) is undone, maya's
 * (admin) adopts it; the next evening opens its occurrence once, however many passes follow.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "repeats" });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-repeats-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret: "repeats",
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });
  const clock = new NightClock(new Date("2026-01-05T21:30:00Z"));
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 100, logger: log });
  const app = nightshiftApp({ queue, clock, repeats: journal.repeats });
  // The server `npm start` runs, its issue and comment fast path included.
  server = await serveBot(sim, app, probot, log);
  const night = { probot, host, journal, logger: log, clock, owner: processOwnerId() };
  const listings = () =>
    sim.requests.filter(
      (r) =>
        r.method === "GET" && r.path === `/repos/${REPO}/issues` && /state=closed/.test(r.search),
    ).length;
  let before = 0;
  ran.push(
    ...(await playNight({
      ...night,
      until: new Date("2026-01-06T01:30:00Z"),
      afterTick: (keys) => {
        if (keys.includes("night@2026-01-05#report")) listingsAtReport = listings() - before;
        before = listings();
      },
    })),
  );
  dashboardAfterNight = dashboard();
  await tick("tia");
  dashboardAfterTia = dashboard();
  adoptedAfterTia = journal.repeats.adopted(REPO).length;
  await tick("maya");
  dashboardAfterMaya = dashboard();
  clock.advance(20 * 3_600_000);
  ran.push(
    ...(await playNight({
      ...night,
      until: new Date("2026-01-07T01:30:00Z"),
      afterTick: (keys) => {
        if (keys.includes("night@2026-01-06#preview")) occurrencesAfterPreview = occurrences();
      },
    })),
  );
  await sim.idle();
  await queue.idle();
  dashboardAfterNextNight = dashboard();
}, 240_000);

afterAll(async () => {
  journal.close();
  await server.stop();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a weekly repeat among the closed issues", () => {
  it("is read in one listing after the morning report, and offered on the dashboard", () => {
    expect(ran).toContain("night@2026-01-05#report");
    expect(listingsAtReport).toBe(1);
    expect(dashboardAfterNight).toContain(
      `${LINE} <!-- nightshift:repeat weekly-release-notes -->`,
    );
  });

  it("keeps no tick by someone who may not approve, and says why once", () => {
    expect(dashboardAfterTia).toContain(LINE);
    expect(reportComments().filter((body) => body.startsWith("@tia"))).toEqual([
      "@tia your tick on `weekly-release-notes` was undone: ticking a box is `/approve`, which needs write access to this repository; yours is triage. Nothing was adopted.",
    ]);
    expect(adoptedAfterTia).toBe(0);
  });

  it("adopts it by an approver's tick, which stays, recorded with who and when", () => {
    expect(dashboardAfterMaya).toContain(LINE.replace("- [ ]", "- [x]"));
    expect(journal.repeats.adopted(REPO)).toEqual([
      {
        series: "weekly-release-notes",
        title: "Weekly release notes",
        schedule: { weekly: "mon" },
        labels: ["category: docs"],
        adoptedBy: "maya",
        adoptedAt: expect.any(String) as string,
      },
    ]);
    expect(reportComments()).toContainEqual(
      expect.stringContaining("@maya adopted “Weekly release notes” (weekly on Monday)"),
    );
  });

  it("opens the occurrence at the next evening's preview, once over every pass of the night", () => {
    expect(occurrencesAfterPreview).toEqual(["Weekly release notes (2026-01-05)"]);
    expect(occurrences()).toEqual(["Weekly release notes (2026-01-05)"]);
    const [issue] = sim.state.issues(REPO).filter((i) => i.title.endsWith("(2026-01-05)"));
    expect(issue?.body).toBe("<!-- nightshift:recurring:weekly-release-notes:2026-01-05 -->");
    expect(issue?.labels).toEqual(["category: docs"]);
  });

  it("lists the adopted entry with its YAML, and offers it no more", () => {
    expect(dashboardAfterNextNight).not.toContain("Repeats worth scheduling");
    expect(dashboardAfterNextNight).toContain("### Adopted recurring tasks");
    expect(dashboardAfterNextNight).toContain(
      '```yaml\nrecurring:\n  - title: Weekly release notes\n    labels:\n      - "category: docs"\n    schedule:\n      weekly: mon\n```',
    );
  });
});
