/**
 * The bot's first process of the Actions fault night (actions-faults.test.ts), run on its own so
 * it can SIGKILL itself the moment GitHub has taken a dispatch, before the journal hears of it.
 * Against the simulator at GHE_HOST, with the host config in HOST (JSON) and NIGHTSHIFT_SESSION_ID.
 */
import { pino } from "pino";
import { Probot } from "probot";
import { parseHostConfig } from "../../../src/config/load.js";
import { UnthrottledOctokit } from "../../../src/github/unthrottled.js";
import { startSession } from "../../../src/night/start.js";
import { noIsolation } from "./world.js";

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const probot = new Probot({
  appId: Number(need("APP_ID")),
  privateKey: need("PRIVATE_KEY"),
  baseUrl: `http://${need("GHE_HOST")}/api/v3`,
  log: pino({ level: "silent" }),
  Octokit: UnthrottledOctokit,
});
await startSession({
  probot,
  host: parseHostConfig(JSON.parse(need("HOST"))),
  logger: pino({ level: "silent" }),
  sessionId: need("NIGHTSHIFT_SESSION_ID"),
  isolation: noIsolation,
  crashAfterDispatch: () => {
    process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write("the night ended without a dispatch\n");
