import { pino } from "pino";
import { Probot } from "probot";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";

/** A Probot instance pointed at a simulator, silent, with throttling off (the simulator is local). */
export function benchProbot(
  sim: { apiUrl: string; appId: number; privateKey: string },
  secret: string,
): Probot {
  return new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret,
    baseUrl: sim.apiUrl,
    log: pino({ level: "silent" }),
    Octokit: UnthrottledOctokit,
  });
}
