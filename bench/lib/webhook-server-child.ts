/**
 * One webhook server of figure 2 in a process of its own, as production runs it: the client
 * sending deliveries, GitHub (the simulator) and each server being measured are separate
 * processes, so one server's garbage, timers and queued work never land in another's rounds.
 *
 * argv: the server's kind (`bare`, `empty` or `nightshift`) and a JSON line with the
 * simulator's address and credentials. Sends `{ type: "ready", port }`; answers `{ type:
 * "cpu" }` with the CPU time it has used (`{ type: "cpu", micros }`) and `{ type: "drain" }`
 * with `{ type: "drained" }` once the deliveries' work is done (Nightshift's queued work and
 * its delivery ids' journal write; nothing for the Probot apps), and `{ type: "settle" }` with
 * `{ type: "settled" }` once its heap is collected; exits on SIGTERM.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeMiddleware, type ApplicationFunction } from "probot";
import { pino } from "pino";
import { nightshiftApp, webhookQueue } from "../../src/app.js";
import { startNightshiftServer } from "../../src/server/start.js";
import { JournalDedupe } from "../../src/store/dedupe.js";
import { Journal } from "../../src/store/journal.js";
import { systemClock } from "../../src/types.js";
import { benchProbot } from "./bot.js";

export type ServerKind = "bare" | "empty" | "nightshift";

export interface ServerChildSim {
  apiUrl: string;
  appId: number;
  privateKey: string;
  secret: string;
}

const [kind, simJson] = process.argv.slice(2);
if (kind !== "bare" && kind !== "empty" && kind !== "nightshift") {
  throw new Error("usage: webhook-server-child bare|empty|nightshift <sim JSON>");
}
const sim = JSON.parse(simJson ?? "{}") as ServerChildSim;
const silent = pino({ level: "silent" });

const emptyHandlers: ApplicationFunction = (app) => {
  app.on(["issues.labeled", "issues.edited", "issue_comment.created"], () => undefined);
};

/** A Probot app served by Probot's own middleware on a plain `node:http` server: the baseline. */
async function serveWithProbot(app: ApplicationFunction): Promise<number> {
  const probot = benchProbot(sim, sim.secret);
  const server = createServer(await createNodeMiddleware(app, { probot }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

let drain: () => Promise<void> = () => Promise.resolve();
let cleanUp: () => Promise<void> = () => Promise.resolve();

/** Nightshift on the server `npm start` runs, with the queue and journal dedupe it has. */
async function serveNightshift(): Promise<number> {
  // Room for every delivery, so none is refused.
  const queue = webhookQueue(silent, 100_000);
  const dataDir = await mkdtemp(join(tmpdir(), "nightshift-bench-journal-"));
  const journal = Journal.open(dataDir);
  const dedupe = new JournalDedupe(journal, systemClock, { since: new Date(0), logger: silent });
  const server = await startNightshiftServer({
    app: nightshiftApp({ queue, dedupe }),
    probot: benchProbot(sim, sim.secret),
    log: silent,
    host: "127.0.0.1",
    port: 0,
  });
  drain = async () => {
    await queue.idle();
    dedupe.flush();
  };
  cleanUp = async () => {
    await server.stop();
    journal.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return server.port;
}

const port =
  kind === "nightshift"
    ? await serveNightshift()
    : await serveWithProbot(kind === "empty" ? emptyHandlers : () => undefined);

process.on("message", (message: { type: string }) => {
  if (message.type === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: "cpu", micros: user + system });
  } else if (message.type === "drain") {
    void drain().then(() => process.send?.({ type: "drained" }));
  } else if (message.type === "settle") {
    // Every server starts its next round from a collected heap (the child runs with
    // --expose-gc): a round measures answering, and the garbage of the work done after the
    // last one (Nightshift's queued jobs: their requests and responses) is not collected in
    // the middle of the next burst. The work's own cost is `processedPerSecond`.
    globalThis.gc?.();
    process.send?.({ type: "settled" });
  }
});
process.on("SIGTERM", () => {
  void cleanUp().then(() => process.exit(0));
});
process.send?.({ type: "ready", port });
