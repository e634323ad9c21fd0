import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { readDataBlock } from "../../src/report/data.js";
import {
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";
import { nightOnGitHub, type NightOnGitHub } from "../support/night-view.js";

const scenarioPath = fileURLToPath(new URL("../../fixtures/scenarios/night.yml", import.meta.url));
const SESSION = "night@2026-01-05";

let sim: Simulator;
let dataDir: string;
let journal: Journal;
let ran: string[];
let night: NightOnGitHub;

/**
 * A whole scheduled night, driven by the scheduler on a fake clock against the simulator:
 * the preview (GitHub refuses the abacus one with secondary rate limits until the window
 * opens), four cycles, the report pass. Every report must say exactly what the journal holds.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "scheduled" });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-scheduled-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
  sim.faults.add({
    method: "POST",
    pathPattern: /^\/repos\/acme\/abacus\/issues\/\d+\/comments$/,
    status: 403,
    times: 10_000,
    secondaryRateLimit: true,
  });
  ran = await playNight({
    probot,
    host,
    journal,
    logger: pino({ level: "silent" }),
    clock: new NightClock(new Date("2026-01-05T21:30:00Z")),
    until: new Date("2026-01-06T01:30:00Z"),
    owner: processOwnerId(),
    // GitHub is well again once the preview has given up.
    afterTick: (keys) => {
      if (keys.includes(`${SESSION}#preview`)) sim.faults.clear();
    },
  });
  night = nightOnGitHub(sim, journal, SESSION);
}, 180_000);

afterAll(async () => {
  journal.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a scheduled night", () => {
  it("runs the preview, every cycle and the report pass once each", () => {
    expect(ran).toEqual([
      `${SESSION}#preview`,
      `${SESSION}#0`,
      `${SESSION}#1`,
      `${SESSION}#2`,
      `${SESSION}#3`,
      `${SESSION}#report`,
    ]);
  });

  it("posts one morning report per repository whose counts are the journal's runs", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const view = night.repo(repo);
      expect(view.reports).toHaveLength(1);
      expect(view.summary).toBe(view.journalSummary);
      expect(view.reportedRunIds).toEqual(view.journalRunIds);
    }
  });

  it("ships everything on abacus, and reports the failed gate on calculator", () => {
    expect(night.repo("acme/abacus").summary).toBe("2 runs: 2 shipped, 0 failed · 0 skipped");
    expect(night.repo("acme/calculator").summary).toMatch(
      /^4 runs: 3 shipped, 1 failed · 3 skipped$/,
    );
  });

  it("never lists a run of the session again as skipped", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const { data } = night.repo(repo);
      const ranIssues = new Set(data?.runs.map((run) => run.issue.number));
      expect(data?.skipped.filter((skip) => ranIssues.has(skip.issue.number))).toEqual([]);
    }
  });

  it("gives every progress comment its last word", () => {
    for (const repo of ["acme/calculator", "acme/abacus"]) {
      const progress = night.repo(repo).progress;
      expect(progress.length).toBeLessThanOrEqual(1);
      for (const body of progress) expect(body).toContain("is over");
    }
  });

  it("mentions the lost preview in the next comment that got through, once", () => {
    const abacus = night.repo("acme/abacus");
    expect(abacus.previews).toEqual([]);
    const mentions = abacus.comments.filter((body) =>
      body.includes(`The evening preview for \`${SESSION}\` could not be posted`),
    );
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toContain("secondary rate limit");
    // calculator's preview got out, and the night's progress comment took it over
    expect(journal.posts.get(SESSION, "acme/calculator", "preview")?.state).toBe("posted");
    expect(night.repo("acme/calculator").previews).toEqual([]);
    expect(night.repo("acme/calculator").progress).toHaveLength(1);
  });

  it("shows needs-approval and the status comment on issues labelled before the app saw them", () => {
    for (const issue of [3, 4, 7]) {
      expect(night.labels("acme/calculator", issue)).toContain("needs-approval");
      expect(night.statusComments("acme/calculator", issue)).toHaveLength(1);
    }
  });

  it("leaves no run open, no issue running, and the session finished", () => {
    expect(journal.openRuns()).toEqual([]);
    expect(night.runningLabels()).toEqual([]);
    expect(journal.session(SESSION)?.finishedAt).not.toBeNull();
  });

  it("keeps the report data readable", () => {
    expect(readDataBlock(night.repo("acme/abacus").reports[0] ?? "")?.runs).toHaveLength(2);
  });
});
