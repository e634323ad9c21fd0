/**
 * The bot side of the crash-recovery test, run as its own process (tsx) so the test can let it
 * SIGKILL itself at a named point. It runs one session against the simulator named by GHE_HOST,
 * with a fixed session id, a journal in NIGHTSHIFT_DATA_DIR and the scenario's host config.
 */
import { Probot } from "probot";
import { pino } from "pino";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { crashHookFromEnv } from "../../src/night/crash.js";
import { startSession } from "../../src/night/start.js";
import { loadScenarioFile } from "../../packages/simulator/src/index.js";

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const { scenario, scenarioDir } = await loadScenarioFile(need("SCENARIO"));
const host = scenarioHostConfig(
  {
    ...(scenario.host as Record<string, unknown>),
    quota: { provider: "budget", limit: 1000, windowHours: 5 },
  },
  scenarioDir,
  need("NIGHTSHIFT_DATA_DIR"),
);
const probot = new Probot({
  appId: Number(need("APP_ID")),
  privateKey: need("PRIVATE_KEY"),
  baseUrl: `http://${need("GHE_HOST")}/api/v3`,
  log: pino({ level: "silent" }),
  Octokit: UnthrottledOctokit,
});
const outcome = await startSession({
  probot,
  host,
  logger: pino({ level: process.env.LOG_LEVEL ?? "silent" }, pino.destination(2)),
  sessionId: need("NIGHTSHIFT_SESSION_ID"),
  crashAt: crashHookFromEnv(process.env.NIGHTSHIFT_CRASH_AT, () => {
    process.kill(process.pid, "SIGKILL");
  }),
});
process.stdout.write(JSON.stringify({ sessionId: outcome.sessionId }));
