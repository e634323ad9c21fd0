/**
 * The bot side of the crash-recovery tests, run as its own process (node --import tsx) so the
 * test can let it SIGKILL itself at a named point (NIGHTSHIFT_CRASH_AT). Against the simulator
 * named by GHE_HOST, with the journal in NIGHTSHIFT_DATA_DIR and the scenario's host config:
 *   MODE=scheduled  the whole night as `npm start` plays it: the scheduler on a fake clock
 *                   from NIGHT_FROM to NIGHT_UNTIL (preview, cycles, report pass);
 *   MODE=now        one `run --now` session (NIGHTSHIFT_SESSION_ID, or a fresh id).
 */
import { pino } from "pino";
import { Probot } from "probot";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { crashHookFromEnv } from "../../src/night/crash.js";
import { startSession } from "../../src/night/start.js";
import { loadScenarioFile } from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const { scenario, scenarioDir } = await loadScenarioFile(need("SCENARIO"));
// HOST_OVERRIDE: JSON laid over the scenario's host section (another agent, no sandbox).
const override = JSON.parse(process.env.HOST_OVERRIDE ?? "{}") as Record<string, unknown>;
const host = scenarioHostConfig(
  { ...(scenario.host as Record<string, unknown>), ...override },
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
const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" }, pino.destination(2));
const crashAt = crashHookFromEnv(process.env.NIGHTSHIFT_CRASH_AT, () => {
  process.kill(process.pid, "SIGKILL");
});

if (need("MODE") === "scheduled") {
  const journal = Journal.open(host.dataDir);
  try {
    await playNight({
      probot,
      host,
      journal,
      logger,
      clock: new NightClock(new Date(need("NIGHT_FROM"))),
      until: new Date(need("NIGHT_UNTIL")),
      owner: processOwnerId(),
      crashAt,
    });
  } finally {
    journal.close();
  }
} else {
  const outcome = await startSession({
    probot,
    host,
    logger,
    ...(process.env.NIGHTSHIFT_SESSION_ID ? { sessionId: process.env.NIGHTSHIFT_SESSION_ID } : {}),
    crashAt,
  });
  process.stdout.write(JSON.stringify({ sessionId: outcome.sessionId }));
}
