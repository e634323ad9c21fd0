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
const SESSION = "night@2026-01-05";
let sim: Simulator;
let dataDir: string;
let journal: Journal;
let previewText = "";

/**
 * A scheduled night whose journal already holds five runs of the host's agent on docs issues
 * that each took 3 turns (counted as prompts): the docs task is planned at 3, not the docs
 * default of 5, and the preview says where the figure comes from.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "calibrated" });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-calibrated-"));
  journal = Journal.open(dataDir);
  for (let i = 1; i <= 5; i++) {
    journal.learned.record({
      runId: `night@2025-12-0${String(i)}:acme/chores#${String(90 + i)}`,
      at: new Date(`2025-12-0${String(i)}T23:30:00Z`),
      repo: "acme/chores",
      record: {
        category: "docs",
        agent: "scripted",
        estimated: 5,
        actual: { prompts: 3, turns: 3 },
        durationMs: 60_000,
        succeeded: true,
      },
    });
  }
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    baseUrl: sim.apiUrl,
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
  await playNight({
    probot,
    host,
    journal,
    logger: pino({ level: "silent" }),
    clock: new NightClock(new Date("2026-01-05T21:30:00Z")),
    until: new Date("2026-01-06T01:30:00Z"),
    owner: processOwnerId(),
    afterTick: (keys) => {
      if (!keys.includes(`${SESSION}#preview`)) return;
      const report = sim.state
        .issues("acme/chores")
        .find((i) => i.labels.includes("nightshift: report"));
      previewText = report
        ? sim.state
            .comments("acme/chores", report.number)
            .map((c) => c.body)
            .join("\n")
        : "";
    },
  });
}, 240_000);

afterAll(async () => {
  journal.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a night after enough runs", () => {
  it("previews the task at the calibrated figure and says so", () => {
    expect(previewText).toContain(
      "(medium, 3 prompts est., calibrated from 5 past runs of this category, size and agent (default 5))",
    );
  });

  it("plans and spends the calibrated figure", () => {
    const [run] = journal.runsOf(SESSION);
    expect(run?.task).toMatchObject({
      cost: 3,
      estimate: { basis: "calibrated", runs: 5, scope: "category+size+agent", default: 5 },
    });
    expect(run && journal.spendOfSession(SESSION).get(run.id)).toBe(3);
  });

  it("records the night's run for the next calibration, and reports the night's accuracy", () => {
    const records = journal.learned.ofSession(SESSION);
    expect(records.map((r) => r.record)).toEqual([
      {
        category: "docs",
        agent: "scripted",
        estimated: 3,
        actual: {},
        durationMs: expect.any(Number) as number,
        succeeded: true,
      },
    ]);
    expect(journal.learned.history()).toHaveLength(6);
    const report = sim.state
      .issues("acme/chores")
      .find((i) => i.labels.includes("nightshift: report"));
    const bodies = report
      ? sim.state.comments("acme/chores", report.number).map((c) => c.body)
      : [];
    const morning = bodies.find((body) => body.includes("Nightshift morning report"));
    expect(morning).toContain("### 🎯 Estimates");
    expect(morning).toContain("| docs | scripted | 1 | 100 % | – | – |");
  });
});
