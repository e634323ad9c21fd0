import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot, type ProbotOctokit } from "probot";
import { systemClock, type Clock, type Logger } from "../types.js";
import { UnthrottledOctokit } from "../github/unthrottled.js";
import { KeyedWorkQueue } from "../github/work-queue.js";
import { createLogger } from "../logging/logger.js";
import { nightshiftApp } from "../app.js";
import { quotaProviderFor, type QuotaProvider } from "../quota/ledger.js";
import {
  type ActionsRunner,
  loadScenarioFile,
  startSimulator,
  type NormalizedScenario,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import type { Isolation } from "../sandbox/policy.js";
import { startNightshiftServer, type NightshiftServer } from "../server/start.js";
import type { HostConfig } from "../config/host-schema.js";
import { actionsEventsFor } from "../night/actions-app.js";
import { Journal } from "../store/journal.js";
import { demoRunner } from "./actions-runner.js";
import { scenarioHostConfig } from "./host.js";

export interface DemoWorldOptions {
  scenarioPath: string;
  simPort?: number;
  /** `host:port` of a GitHub-compatible server to talk to instead of the simulator's address. */
  gheHost?: string;
  gheProtocol?: string;
  logLevel?: "silent" | "info" | "debug";
  /** Overrides the scenario's `sandbox.mode`. */
  sandboxMode?: "bubblewrap" | "none";
  /** What the host's isolation is taken to be instead of probing it (tests of the notices). */
  isolation?: Isolation;
  /** Where every task runs: this host's sandbox (default), or the simulator's GitHub Actions. */
  backend?: "local" | "actions";
  /** Plays the simulator's Actions jobs instead of the demo's runner (benchmarks). */
  runner?: ActionsRunner;
  /** The clock of the bot's webhooks and of the simulator's timestamps (default: real time). */
  clock?: Clock;
  /**
   * The bot's Octokit (default: throttling and retries off, the simulator answers at once);
   * a benchmark passes `npm start`'s `WaitingOctokit` to measure production's pacing.
   */
  Octokit?: typeof ProbotOctokit;
}

/** The simulator and the bot's server `npm start` runs against it, with a fresh journal. */
export interface DemoWorld {
  sim: Simulator;
  scenario: NormalizedScenario;
  probot: Probot;
  host: HostConfig;
  journal: Journal;
  quota: QuotaProvider;
  log: Logger;
  /** Until a pass delivers nothing new: the bot's work makes webhooks of its own. */
  settle: () => Promise<void>;
  close: () => Promise<void>;
}

const WEBHOOK_SECRET = "nightshift-demo-secret";

/** The host with every task routed to GitHub Actions, its job sandboxed as the host's runs. */
function onActions(host: HostConfig): HostConfig {
  const { actions } = host.backends;
  return {
    ...host,
    backends: {
      ...host.backends,
      default: "actions",
      actions: {
        ...actions,
        enabled: true,
        sandbox: host.sandbox.mode,
        // The demo's runner is this machine: the job's sandbox shows what the agents' mounts
        // show locally (mounts never travel to a runner; there they are `toolDirs`).
        toolDirs: [
          ...host.sandbox.toolDirs,
          ...Object.values(host.agents).flatMap((agent) =>
            agent.sandbox.mounts.map((mount) => mount.path),
          ),
        ],
      },
    },
  };
}

/**
 * Starts the simulator with the scenario and the bot's server against it, webhooks wired both
 * ways. The caller plays the day and the night, then closes it.
 */
export async function startDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  const { scenario, scenarioDir } = await loadScenarioFile(options.scenarioPath);
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-demo-"));
  const onAction = options.backend === "actions";
  const clock = options.clock ?? systemClock;
  // The process logger: JSON lines, or readable ones at a terminal (`--verbose`).
  const log = createLogger(options.logLevel ?? "silent");
  const sim = await startSimulator({
    scenario,
    scenarioDir,
    port: options.simPort ?? 0,
    webhookSecret: WEBHOOK_SECRET,
    now: () => clock.now(),
    ...(onAction
      ? { actions: { runner: options.runner ?? demoRunner(log), mode: "github" as const } }
      : {}),
  });
  let server: NightshiftServer | undefined;
  const journal = Journal.open(dataDir);
  const close = async () => {
    await server?.stop();
    journal.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const scenarioHost = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
    const sandboxed =
      options.sandboxMode === undefined
        ? scenarioHost
        : { ...scenarioHost, sandbox: { ...scenarioHost.sandbox, mode: options.sandboxMode } };
    const host = onAction ? onActions(sandboxed) : sandboxed;
    const baseUrl = options.gheHost
      ? `${options.gheProtocol ?? "https"}://${options.gheHost}/api/v3`
      : sim.apiUrl;
    const probot = new Probot({
      appId: sim.appId,
      privateKey: sim.privateKey,
      secret: WEBHOOK_SECRET,
      baseUrl,
      log,
      // The simulator answers at once; Probot's retry and throttle would only slow the demo.
      Octokit: options.Octokit ?? UnthrottledOctokit,
    });
    const quota = quotaProviderFor(host.quota, journal);
    // The bot answers webhooks at once and works on this queue; the demo waits for both.
    const queue = new KeyedWorkQueue({ concurrency: 4, maxPending: 10_000, logger: log });
    const settle = async () => {
      for (let seen = -1; seen !== sim.deliveries.length || queue.size > 0;) {
        seen = sim.deliveries.length;
        await sim.idle();
        await queue.idle();
      }
    };
    const app = nightshiftApp({
      // `/nightshift plan` answers from the same quota the sessions use.
      planContext: { quota: () => quota.snapshot(clock.now()), policy: host },
      queue,
      clock,
      // A dashboard tick adopting a repeat suggestion is kept in the demo's journal.
      repeats: journal.repeats,
      ...(onAction
        ? {
            actions: actionsEventsFor({
              probot,
              host,
              journal,
              quota,
              clock,
              logger: log,
              ...(options.isolation ? { isolation: options.isolation } : {}),
            }),
          }
        : {}),
    });
    // The server `npm start` runs, on a free port of the loopback interface.
    server = await startNightshiftServer({ app, probot, log, host: "127.0.0.1", port: 0 });
    sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
    return { sim, scenario, probot, host, journal, quota, log, settle, close };
  } catch (error) {
    await close();
    throw error;
  }
}
