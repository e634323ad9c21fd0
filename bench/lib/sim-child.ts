/**
 * The simulator in a child process, so the bot's CPU can be measured apart from GitHub's.
 * Reads a scenario (JSON) path from argv; prints its address and app credentials as one JSON
 * line; answers `{ type: "requests" }` IPC messages with its REST request log.
 */
import { readFile } from "node:fs/promises";
import { startSimulator, type Scenario } from "../../packages/simulator/src/index.js";

const [scenarioPath, secret = "bench-secret"] = process.argv.slice(2);
if (!scenarioPath) throw new Error("usage: sim-child <scenario.json> [webhook secret]");
const scenario = JSON.parse(await readFile(scenarioPath, "utf8")) as Scenario;
const sim = await startSimulator({ scenario, webhookSecret: secret, strictOpenApi: true });

process.on("message", (message: { type: string; url?: string }) => {
  if (message.type === "requests") {
    process.send?.({ type: "requests", requests: sim.requests, violations: sim.violations });
  } else if (message.type === "webhook-url" && message.url) {
    sim.setWebhookUrl(message.url);
    process.send?.({ type: "ok" });
  }
});
process.on("SIGTERM", () => {
  void sim.close().then(() => process.exit(0));
});
process.send?.({
  type: "ready",
  apiUrl: sim.apiUrl,
  appId: sim.appId,
  privateKey: sim.privateKey,
});
