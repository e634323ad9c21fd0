import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NightshiftServer } from "../../src/server/start.js";
import { examplePayload } from "../support/payloads.js";
import { deliver, serveNightshift, type Served } from "../support/serve.js";
import { sendBody } from "./raw-http.js";

const MB = 1024 * 1024;

/** Every line the server logged, debug included: shows which stage took a delivery. */
const logged: string[] = [];
const log = pino({ level: "debug" }, { write: (line: string) => logged.push(line) });
/** Probot's middleware logs each delivery it takes; the fast path does not. */
const probotTook = (id: string) => logged.some((line) => line.includes(`(id: ${id})`));

const withInstallation = (event: string, action: string) => {
  const payload = examplePayload(event, action);
  payload.installation = { id: 1 };
  return payload;
};
const approve = () => {
  const payload = withInstallation("issue_comment", "created");
  Object.assign(payload.comment as object, { body: "/approve" });
  return payload;
};
const without = (payload: Record<string, unknown>, key: string) => {
  const copy = { ...payload };
  Reflect.deleteProperty(copy, key);
  return JSON.stringify(copy);
};

const webhookHead = (headers: string) =>
  `POST /api/github/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
  `x-github-event: issues\r\nx-github-delivery: big\r\nx-hub-signature-256: sha256=00\r\n${headers}\r\n`;

describe("the server npm start runs", () => {
  const servers: NightshiftServer[] = [];
  let served: Served;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    served = await serveNightshift({ log });
    servers.push(served.server);
  });
  afterEach(() => {
    logged.length = 0;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    nock.enableNetConnect();
  });

  it("refuses a declared 30 MB body with 413 and cuts the request instead of reading it", async () => {
    const total = 30 * MB;
    const { response, sent } = await sendBody(
      served.port,
      webhookHead(`content-length: ${total}\r\n`),
      { total, chunked: false },
    );
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/connection: close/i);
    expect(sent).toBeLessThan(total);
  });

  it("stops reading a chunked body once it passes 25 MB, with 413", async () => {
    const total = 40 * MB;
    const { response, sent } = await sendBody(
      served.port,
      webhookHead("transfer-encoding: chunked\r\n"),
      { total, chunked: true },
    );
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeGreaterThan(25 * MB);
    expect(sent).toBeLessThan(total);
  });

  it.each([
    ["issue_comment", "the fast path"],
    ["ping", "Probot"],
  ])("refuses a bad signature on %s (%s) with 400", async (event) => {
    const before = served.queue.size;
    const body = JSON.stringify(approve());
    const { status } = await deliver(served.port, event, body, { secret: "guessed", id: event });
    expect(status).toBe(400);
    expect(served.queue.size).toBe(before);
  });

  it.each([
    ["issue_comment", "{not json", /invalid JSON/i],
    ["issue_comment", without(approve(), "installation"), /installation\.id must be a number/],
    ["issues", without(withInstallation("issues", "labeled"), "issue"), /issue\.number/],
    ["issue_comment", '"a string"', /not a JSON object/],
    ["ping", "null", /not a JSON object/],
    ["installation", JSON.stringify({ action: "created" }), /installation\.id/],
    [
      "pull_request",
      without(withInstallation("pull_request", "opened"), "pull_request"),
      /pull_request\.number/,
    ],
  ])("answers a signed malformed %s payload 400, never 500", async (event, body, message) => {
    const before = served.queue.size;
    const { status, text } = await deliver(served.port, event, body, { id: `bad-${event}` });
    expect(status).toBe(400);
    expect(text).toMatch(message);
    expect(served.queue.size).toBe(before);
  });

  it("takes an issue delivery on the fast path, ahead of Probot", async () => {
    const before = served.queue.size;
    expect(
      await deliver(served.port, "issue_comment", JSON.stringify(approve()), { id: "fast" }),
    ).toEqual({ status: 200, text: "ok\n" });
    expect(served.queue.size).toBe(before + 1);
    expect(probotTook("fast")).toBe(false);
  });

  it("leaves other events to Probot's middleware", async () => {
    const before = served.queue.size;
    const opened = JSON.stringify(withInstallation("pull_request", "opened"));
    expect((await deliver(served.port, "pull_request", opened, { id: "via-probot" })).status).toBe(
      200,
    );
    expect(probotTook("via-probot")).toBe(true);
    expect(served.queue.size).toBe(before + 1); // its config check, queued by the app's handler
  });

  it("answers /ping, /ready and 404", async () => {
    const get = async (path: string, method = "GET") => {
      const response = await fetch(`${served.server.url}${path}`, { method });
      return { status: response.status, text: await response.text() };
    };
    expect(await get("/ping")).toEqual({ status: 200, text: "PONG" });
    expect(await get("/ready")).toEqual({ status: 200, text: "ready\n" });
    expect((await get("/nowhere")).status).toBe(404);
    expect((await get("/ping", "POST")).status).toBe(404);
    expect((await get("/api/github/webhooks")).status).toBe(404);
  });

  it("answers /ready 503 until what the app needs is open", async () => {
    let journalOpen = false;
    const { server } = await serveNightshift({ server: { ready: () => journalOpen } });
    servers.push(server);
    const ready = async () => (await fetch(`${server.url}/ready`)).status;
    expect(await ready()).toBe(503);
    journalOpen = true;
    expect(await ready()).toBe(200);
  });
});
