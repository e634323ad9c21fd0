import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { scenarioNight } from "../support/scenario-night.js";
import type { NightshiftServer } from "../../src/server/start.js";
import { serveBot } from "../support/serve-bot.js";

const REPO = "acme/weekend";
const world = scenarioNight("weekend.yml", "weekend", { start: new Date("2026-01-02T17:58:00Z") });

let server: NightshiftServer;
let queue: KeyedWorkQueue;
const ran: string[] = [];
let listAfterTicks = "";
let summary = "";

const reportComments = () => {
  const { sim } = world;
  const report = sim.state.issues(REPO).find((i) => i.labels.includes("nightshift: report"));
  return report ? sim.state.comments(REPO, report.number) : [];
};
const weekendList = () => reportComments().find((c) => c.body.includes("Weekend candidates"));
const tick = (body: string, issue: number) =>
  body.replace(`- [ ] #${String(issue)} `, `- [x] #${String(issue)} `);

async function edit(as: string, issue: number): Promise<void> {
  const list = weekendList();
  if (!list) throw new Error("no weekend list");
  await world.sim.act({
    as,
    editComment: { repo: REPO, id: list.id, body: tick(list.body, issue) },
  });
  await world.sim.idle();
  await queue.idle();
}

/**
 * A weekend on a fake clock against the simulator: Friday 18:00 the list goes out, maya (who
 * may approve) ticks #1 and tia (triage) ticks #2, which is undone; the Saturday window runs
 * #1 first; Sunday 18:00 the summary follows.
 */
beforeAll(async () => {
  const { sim, probot, clock, logger } = world;
  queue = new KeyedWorkQueue({ concurrency: 2, maxPending: 100, logger });
  // The server `npm start` runs, its issue and comment fast path included.
  server = await serveBot(sim, nightshiftApp({ queue, clock }), probot, logger);
  ran.push(...(await world.play({ until: new Date("2026-01-02T18:05:00Z") })));
  await edit("maya", 1);
  await edit("tia", 2);
  listAfterTicks = weekendList()?.body ?? "";
  ran.push(...(await world.play({ until: new Date("2026-01-04T18:05:00Z") })));
  summary = reportComments().find((c) => c.body.includes("Weekend summary"))?.body ?? "";
}, 300_000);

// Before the world closes (scenario-night.ts): the webhook server goes first.
afterAll(() => server.stop());

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
    const runs = world.journal.runsOf("weekend@2026-01-03");
    expect(runs[0]).toMatchObject({ repo: REPO, issue: 1 });
  });

  it("summarises the ticked issue on Sunday", () => {
    expect(summary).toContain("#1 Rewrite the parser");
    expect(summary).not.toContain("#2 ");
  });
});
