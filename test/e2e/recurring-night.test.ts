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
import {
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";

const scenarioPath = fileURLToPath(
  new URL("../../fixtures/scenarios/recurring.yml", import.meta.url),
);
const REPO = "acme/chores";

let sim: Simulator;
let dataDir: string;
let journal: Journal;
let ran: string[];
/** The chores issues after the first evening's preview, and after each night. */
const seen: { afterPreview: string[]; firstNight: string[]; secondNight: string[] } = {
  afterPreview: [],
  firstNight: [],
  secondNight: [],
};

const issueTitles = () =>
  sim.state
    .issues(REPO)
    .filter((issue) => !issue.isPullRequest && !issue.labels.includes("nightshift: report"))
    .map((issue) => `#${String(issue.number)} ${issue.title} (${issue.state})`);

/**
 * Two scheduled nights on a fake clock against the simulator, for a repository with a daily
 * recurring task: the first preview opens the day's occurrence before the window, the night
 * runs it, and the second evening opens no second issue while the first is open.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "recurring" });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-recurring-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
  const clock = new NightClock(new Date("2026-01-05T21:30:00Z"));
  const night = { probot, host, journal, logger: pino({ level: "silent" }), clock };
  const owner = processOwnerId();
  ran = await playNight({
    ...night,
    owner,
    until: new Date("2026-01-06T01:30:00Z"),
    afterTick: (keys) => {
      if (keys.includes("night@2026-01-05#preview")) seen.afterPreview = issueTitles();
    },
  });
  seen.firstNight = issueTitles();
  clock.advance(20 * 3_600_000);
  ran.push(...(await playNight({ ...night, owner, until: new Date("2026-01-07T01:30:00Z") })));
  seen.secondNight = issueTitles();
}, 240_000);

afterAll(async () => {
  journal.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a recurring task over two nights", () => {
  it("plays both nights' previews, cycles and reports", () => {
    expect(ran.filter((key) => key.endsWith("#preview") || key.endsWith("#report"))).toEqual([
      "night@2026-01-05#preview",
      "night@2026-01-05#report",
      "night@2026-01-06#preview",
      "night@2026-01-06#report",
    ]);
  });

  it("opens the day's occurrence before the window, labelled and marked", () => {
    expect(seen.afterPreview).toEqual(["#1 Refresh the changelog (2026-01-05) (open)"]);
    const [issue] = sim.state.issues(REPO);
    expect(issue?.body).toBe(
      "Add today's entries to CHANGELOG.md.\n\n<!-- nightshift:recurring:changelog:2026-01-05 -->",
    );
    expect(issue?.labels).toEqual(expect.arrayContaining(["priority: medium", "category: docs"]));
  });

  it("runs it that night like any other issue: a pull request that closes it", () => {
    const [run] = journal.runsOf("night@2026-01-05");
    expect(run).toMatchObject({ repo: REPO, issue: 1, outcome: { status: "shipped" } });
    const pulls = sim.state.pulls(REPO);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.body).toContain("Closes #1");
  });

  it("opens no second issue the next evening while the first is still open", () => {
    expect(seen.firstNight).toEqual(["#1 Refresh the changelog (2026-01-05) (open)"]);
    expect(seen.secondNight).toEqual(seen.firstNight);
    expect(journal.runsOf("night@2026-01-06")).toEqual([]);
  });
});
