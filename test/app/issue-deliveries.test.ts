import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nightshiftApp } from "../../src/app.js";
import { UnthrottledOctokit } from "../../src/github/unthrottled.js";
import { KeyedWorkQueue } from "../../src/github/work-queue.js";
import { testPrivateKey } from "../support/keys.js";
import { examplePayload } from "../support/payloads.js";

const SECRET = "deliveries-secret";
/** What the app logged at warn and above: shows which path took a delivery. */
const logged: string[] = [];
const log = pino({ level: "warn" }, { write: (line: string) => logged.push(line) });

/** Nightshift behind Probot's middleware, with a queue that never starts work (to count it). */
async function serve(maxPending = 100) {
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    secret: SECRET,
    log,
    Octokit: UnthrottledOctokit,
  });
  const queue = new KeyedWorkQueue({ concurrency: 0, maxPending, logger: log });
  const seen: string[] = [];
  const dedupe = {
    seen: (id: string) => seen.includes(id),
    remember: (id: string) => void seen.push(id),
  };
  const server = createServer(
    await createNodeMiddleware(nightshiftApp({ queue, dedupe }), { probot }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, queue, seen, port: (server.address() as AddressInfo).port };
}

const approve = () => {
  const payload = examplePayload("issue_comment", "created");
  Object.assign(payload.comment as object, { body: "/approve" });
  payload.installation = { id: 1 };
  return JSON.stringify(payload);
};

async function deliver(
  port: number,
  event: string,
  body: string,
  { id = "d-1", secret = SECRET, contentType = "application/json" } = {},
) {
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const response = await fetch(`http://127.0.0.1:${String(port)}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe("issue and comment deliveries over HTTP", () => {
  const servers: Server[] = [];
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
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
