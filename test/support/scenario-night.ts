import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { pino } from "pino";
import { Probot, type ProbotOctokit } from "probot";
import { afterAll, beforeAll } from "vitest";
import {
  loadScenarioFile,
  startSimulator,
  type NormalizedScenario,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import type { HostConfig } from "../../src/config/host-schema.js";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight, type NightOptions } from "./scheduled-night.js";

export interface ScenarioNightOptions {
  /** Where the night's clock starts (default: 2026-01-05 21:30 UTC, half an hour before the window). */
  start?: Date;
  /** The Octokit Probot builds (default: retry and throttling off). */
  Octokit?: typeof ProbotOctokit;
}

/** A scenario's world, ready for a night: the simulator, the bot's journal and host, a clock. */
export interface ScenarioNight {
  sim: Simulator;
  scenario: NormalizedScenario;
  dataDir: string;
  journal: Journal;
  host: HostConfig;
  probot: Probot;
  clock: NightClock;
  logger: pino.Logger;
  /** The scheduler's ticks up to `until` (scheduled-night.ts), on this night's clock unless given one. */
  play(
    options: Pick<NightOptions, "until" | "afterTick"> & { clock?: NightClock },
  ): Promise<string[]>;
}

/**
 * A scenario file (under fixtures/scenarios) as an e2e night plays it: before the file's own
 * `beforeAll` the simulator starts with `secret` as its webhook secret, a journal opens in a
 * temporary data directory, and Probot is built against the simulator; after the file's own
 * `afterAll` all of it is closed and removed. Register it at the top of the file, before the
 * file's hooks, and read its parts inside hooks and tests.
 */
export function scenarioNight(
  scenarioFile: string,
  secret: string,
  options: ScenarioNightOptions = {},
): ScenarioNight {
  let started: { night: ScenarioNight; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    started = await startScenarioNight(scenarioFile, secret, options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const night = (): ScenarioNight => {
    if (!started) throw new Error(`the ${scenarioFile} night has not started (read it in a hook)`);
    return started.night;
  };
  return {
    get sim() {
      return night().sim;
    },
    get scenario() {
      return night().scenario;
    },
    get dataDir() {
      return night().dataDir;
    },
    get journal() {
      return night().journal;
    },
    get host() {
      return night().host;
    },
    get probot() {
      return night().probot;
    },
    get clock() {
      return night().clock;
    },
    get logger() {
      return night().logger;
    },
    play: (playOptions) => night().play(playOptions),
  };
}

async function startScenarioNight(
  scenarioFile: string,
  secret: string,
  options: ScenarioNightOptions,
): Promise<{ night: ScenarioNight; close(): Promise<void> }> {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const path = fileURLToPath(new URL(`../../fixtures/scenarios/${scenarioFile}`, import.meta.url));
  const { scenario, scenarioDir } = await loadScenarioFile(path);
  const sim = await startSimulator({ scenario, scenarioDir, webhookSecret: secret });
  const dataDir = await mkdtemp(join(tmpdir(), `nightshift-${secret}-`));
  const journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const logger = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret,
    baseUrl: sim.apiUrl,
    log: logger,
    Octokit: options.Octokit ?? UnthrottledOctokit,
  });
  const clock = new NightClock(options.start ?? new Date("2026-01-05T21:30:00Z"));
  const owner = processOwnerId();
  const night: ScenarioNight = {
    sim,
    scenario,
    dataDir,
    journal,
    host,
    probot,
    clock,
    logger,
    play: (play) => playNight({ probot, host, journal, logger, owner, clock, ...play }),
  };
  return {
    night,
    close: async () => {
      journal.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
