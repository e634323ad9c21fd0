import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { scenarioHostConfig } from "../../src/demo/host.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import {
  loadScenarioFile,
  startSimulator,
  type Simulator,
} from "../../packages/simulator/src/index.js";
import { Journal } from "../../src/store/journal.js";
import { processOwnerId } from "../../src/store/owner.js";
import { NightClock, playNight } from "../support/scheduled-night.js";

const scenarioPath = fileURLToPath(
  new URL("../../fixtures/scenarios/weekend.yml", import.meta.url),
);
const REPO = "acme/weekend";

let sim: Simulator;
let server: Server;
let queue: KeyedWorkQueue;
let dataDir: string;
let journal: Journal;
const ran: string[] = [];
let listAfterTicks = "";
let summary = "";

const reportComments = () => {
  const report = sim.state.issues(REPO).find((i) => i.labels.includes("nightshift: report"));
  return report ? sim.state.comments(REPO, report.number) : [];
};
const weekendList = () => reportComments().find((c) => c.body.includes("Weekend candidates"));
const tick = (body: string, issue: number) =>
  body.replace(`- [ ] #${String(issue)} `, `- [x] #${String(issue)} `);

async function edit(as: string, issue: number): Promise<void> {
  const list = weekendList();
  if (!list) throw new Error("no weekend list");
  await sim.act({ as, editComment: { repo: REPO, id: list.id, body: tick(list.body, issue) } });
  await sim.idle();
  await queue.idle();
}

/**
 * A weekend on a fake clock against the simulator: Friday 18:00 the list goes out, maya (who
 * may approve) ticks #1 and tia (triage) ticks #2, which is undone; the Saturday window runs
 * #1 first; Sunday 18:00 the summary follows.
 */
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const { scenario, scenarioDir } = await loadScenarioFile(scenarioPath);
  sim = await startSimulator({ scenario, scenarioDir, webhookSecret: "weekend" });
  dataDir = await mkdtemp(join(tmpdir(), "nightshift-weekend-"));
  journal = Journal.open(dataDir);
  const host = scenarioHostConfig(scenario.host, scenarioDir, dataDir);
  const log = pino({ level: "silent" });
  const probot = new Probot({
    appId: sim.appId,
    privateKey: sim.privateKey,
    secret: "weekend",
    baseUrl: sim.apiUrl,
    log,
    Octokit: UnthrottledOctokit,
  });
  const clock = new NightClock(new Date("2026-01-02T17:58:00Z"));
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 100, logger: log });
  const middleware = await createNodeMiddleware(nightshiftApp({ queue, clock }), { probot });
  server = createServer((req, res) => void middleware(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sim.setWebhookUrl(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
  );
  const night = { probot, host, journal, logger: log, clock, owner: processOwnerId() };
  ran.push(...(await playNight({ ...night, until: new Date("2026-01-02T18:05:00Z") })));
  await edit("maya", 1);
  await edit("tia", 2);
  listAfterTicks = weekendList()?.body ?? "";
  ran.push(...(await playNight({ ...night, until: new Date("2026-01-04T18:05:00Z") })));
  summary = reportComments().find((c) => c.body.includes("Weekend summary"))?.body ?? "";
}, 300_000);

afterAll(async () => {
  journal.close();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a weekend with the planner", () => {
  it("posts the list Friday 18:00 and the summary Sunday 18:00, once each", () => {
    expect(ran.filter((key) => key.includes("#weekend-"))).toEqual([
      "weekend@2026-01-02#weekend-plan",
      "weekend@2026-01-04#weekend-summary",
    ]);
  });

  it("offers the L and XL issues with estimate and breakdown, not the S one", () => {
    expect(listAfterTicks).toContain("#1 Rewrite the parser — size L");
    expect(listAfterTicks).toContain("needs approval: ticking approves it");
    expect(listAfterTicks).toContain("  - Split the tokenizer out");
    expect(listAfterTicks).toContain("#2 Migrate the storage layer — size XL");
    expect(listAfterTicks).not.toContain("#3 ");
  });

  it("keeps the approver's tick and undoes the other one, saying why", () => {
    expect(listAfterTicks).toContain("- [x] #1 ");
    expect(listAfterTicks).toContain("- [ ] #2 ");
    expect(reportComments().map((c) => c.body)).toContainEqual(
      expect.stringContaining("@tia your weekend tick on #2 was undone"),
    );
  });

  it("runs the ticked issue first in the weekend window", () => {
    const runs = journal.runsOf("weekend@2026-01-03");
    expect(runs[0]).toMatchObject({ repo: REPO, issue: 1 });
  });

  it("summarises the ticked issue on Sunday", () => {
    expect(summary).toContain("#1 Rewrite the parser");
    expect(summary).not.toContain("#2 ");
  });
});
