import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NightshiftServer } from "../../src/server/start.js";
import { JournalDedupe } from "../../src/store/dedupe.js";
import { Journal } from "../../src/store/journal.js";
import { examplePayload } from "../support/payloads.js";
import { deliver, serveNightshift } from "../support/serve.js";

/** What the app logged at warn and above: shows which path took a delivery. */
const logged: string[] = [];
const log = pino({ level: "warn" }, { write: (line: string) => logged.push(line) });

/** Nightshift on the server `npm start` runs, with a queue that never starts work (to count it). */
async function serve(maxPending = 100) {
  const seen: string[] = [];
  const dedupe = {
    seen: (id: string) => seen.includes(id),
    remember: (id: string) => void seen.push(id),
  };
  const served = await serveNightshift({ log, maxPending, app: { dedupe } });
  return { ...served, seen };
}

const approve = () => {
  const payload = examplePayload("issue_comment", "created");
  Object.assign(payload.comment as object, { body: "/approve" });
  payload.installation = { id: 1 };
  return JSON.stringify(payload);
};

describe("issue and comment deliveries over HTTP", () => {
  const servers: NightshiftServer[] = [];
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  const start = async (maxPending?: number) => {
    const served = await serve(maxPending);
    servers.push(served.server);
    return served;
  };

  it("answers a signed command at once and queues its work, once per delivery id", async () => {
    const { port, queue, seen } = await start();
    expect(await deliver(port, "issue_comment", approve())).toEqual({ status: 200, text: "ok\n" });
    expect(await deliver(port, "issue_comment", approve())).toEqual({ status: 200, text: "ok\n" });
    expect(seen).toEqual(["d-1"]);
    expect(queue.size).toBe(1);
  });

  it.each([
    { case: "a bad signature", options: { secret: "wrong" }, body: approve(), status: 400 },
    { case: "a body that is not JSON", options: {}, body: "{not json", status: 400 },
  ])("refuses $case and queues nothing", async ({ options, body, status }) => {
    const { port, queue, seen } = await start();
    expect((await deliver(port, "issue_comment", body, options)).status).toBe(status);
    expect(seen).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it.each([
    ["issue_comment", { installation: undefined }, /installation\.id must be a number/],
    ["issue_comment", { issue: undefined }, /issue\.number must be a number/],
    ["issue_comment", { comment: "a string" }, /comment\.id must be a number/],
  ])("answers a signed malformed %s payload (%o) 400, not 500", async (event, change, message) => {
    const { port, queue } = await start();
    const payload = { ...(JSON.parse(approve()) as object), ...change };
    const { status, text } = await deliver(port, event, JSON.stringify(payload));
    expect(status).toBe(400);
    expect(text).toMatch(message);
    expect(queue.size).toBe(0);
  });

  it("takes issue deliveries itself, ahead of Probot's middleware", async () => {
    const { port } = await start();
    logged.length = 0;
    await deliver(port, "issue_comment", approve(), { id: "forged", secret: "wrong" });
    expect(logged.join("")).toContain("webhook signature does not match; refused");
  });

  it("answers 503 when the queue is full, so the delivery can be redelivered", async () => {
    const { port, seen } = await start(0);
    const { status, text } = await deliver(port, "issue_comment", approve());
    expect(status).toBe(503);
    expect(text).toContain("overloaded");
    expect(seen).toEqual([]); // not remembered: a redelivery is not a duplicate
  });

  it("acts on the redelivery of a delivery refused 503, after a restart too", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "nightshift-redelivery-"));
    // As `npm start` has it: delivery ids in the journal, flushed and closed on stop.
    const serveOnJournal = async (maxPending: number) => {
      const journal = Journal.open(dataDir);
      const since = new Date(0);
      const dedupe = new JournalDedupe(journal, { now: () => new Date() }, { since, logger: log });
      const onStop = () => {
        dedupe.flush();
        journal.close();
      };
      return serveNightshift({ log, maxPending, app: { dedupe }, server: { onStop } });
    };
    try {
      const full = await serveOnJournal(0);
      expect((await deliver(full.port, "issue_comment", approve(), { id: "r-1" })).status).toBe(
        503,
      );
      await full.server.stop();

      const restarted = await serveOnJournal(100);
      servers.push(restarted.server);
      expect(
        (await deliver(restarted.port, "issue_comment", approve(), { id: "r-1" })).status,
      ).toBe(200);
      expect(restarted.queue.size).toBe(1);
      // Now it was queued: the next redelivery is the duplicate.
      expect(
        (await deliver(restarted.port, "issue_comment", approve(), { id: "r-1" })).status,
      ).toBe(200);
      expect(restarted.queue.size).toBe(1);
    } finally {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("leaves other events and malformed requests to Probot, which answers as it does", async () => {
    const { port, queue } = await start();
    const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    expect((await deliver(port, "ping", ping)).status).toBe(200);
    const wrongType = await deliver(port, "issue_comment", approve(), {
      contentType: "text/plain",
    });
    expect(wrongType.status).toBe(415);
    expect(queue.size).toBe(0);
  });
});
