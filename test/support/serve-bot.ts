import type { ApplicationFunction, Probot } from "probot";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { startNightshiftServer, type NightshiftServer } from "../../src/server/start.js";
import type { Logger } from "../../src/types.js";

/**
 * The app on the server `npm start` runs (its issue and comment fast path included), on
 * 127.0.0.1, with the simulator's webhooks pointed at it. Stop it with `stop()`.
 */
export async function serveBot(
  sim: Pick<Simulator, "setWebhookUrl">,
  app: ApplicationFunction,
  probot: Probot,
  log: Logger,
): Promise<NightshiftServer> {
  const server = await startNightshiftServer({ app, probot, log, host: "127.0.0.1", port: 0 });
  sim.setWebhookUrl(`${server.url}/api/github/webhooks`);
  return server;
}
