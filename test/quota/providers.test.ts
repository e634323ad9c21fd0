import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { budgetProvider, memoryLedger, quotaProviderFor } from "../../src/quota/ledger.js";
import { readJsonPath } from "../../src/quota/json-path.js";
import { quotaRefusal } from "../../src/quota/thresholds.js";
import { quotaResumeAt, sessionAllowance } from "../../src/quota/wait.js";
import { describeSkip, type SkipReason } from "../../src/queue/skip-reason.js";

const text = (reason: SkipReason | null) => reason && describeSkip(reason);

const at = (iso: string) => new Date(iso);
const policy = HostConfigSchema.parse({});

describe("the budget provider", () => {
  it("counts spends in the rolling window once each and says when quota frees up", async () => {
    const ledger = memoryLedger();
    const budget = budgetProvider({ limit: 100, windowHours: 5 }, ledger);
    await budget.record({ runId: "a", at: at("2026-01-01T20:00:00Z"), amount: 30 });
    await budget.record({ runId: "b", at: at("2026-01-01T22:00:00Z"), amount: 20 });
    await budget.record({ runId: "b", at: at("2026-01-01T22:05:00Z"), amount: 20 });
    expect(await budget.snapshot(at("2026-01-01T23:00:00Z"))).toEqual({
      unit: "prompts",
      limit: 100,
      remaining: 50,
      resetsAt: at("2026-01-02T01:00:00Z"),
    });
    // At 01:00 the first spend has left the window.
    expect((await budget.snapshot(at("2026-01-02T01:00:00Z"))).remaining).toBe(80);
    expect((await budget.snapshot(at("2026-01-02T04:00:00Z"))).remaining).toBe(100);
  });

  it("never reports less than nothing", async () => {
    const budget = budgetProvider({ limit: 10, windowHours: 1 }, memoryLedger());
    await budget.record({ runId: "a", at: at("2026-01-01T00:00:00Z"), amount: 25 });
    expect((await budget.snapshot(at("2026-01-01T00:30:00Z"))).remaining).toBe(0);
  });
});

describe("the none provider", () => {
  it("sets no limit and refuses nothing", async () => {
    const none = quotaProviderFor({ provider: "none" });
    const snapshot = await none.snapshot(at("2026-01-01T00:00:00Z"));
    expect(snapshot).toEqual({ unit: "prompts", limit: null, remaining: null });
    expect(quotaRefusal(snapshot, "low", 1000, policy)).toBeNull();
  });
});

describe("the http provider", () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string } = { status: 200, body: "{}" };
  let seenHeaders: Record<string, string | string[] | undefined> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenHeaders = req.headers;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const provider = (
    env: NodeJS.ProcessEnv = { QUOTA_TOKEN: "secret-1" },
    url = `${base}/remains`,
  ) =>
    quotaProviderFor(
      HostConfigSchema.parse({
        quota: {
          provider: "http",
          url,
          remainingPath: "data.remains[0].count",
          limit: 200,
          headersFromEnv: { Authorization: "QUOTA_TOKEN" },
        },
      }).quota,
      memoryLedger(),
      { env },
    );

  it("reads the remaining amount at the JSON path, with headers from the environment", async () => {
    answer = { status: 200, body: JSON.stringify({ data: { remains: [{ count: 57 }] } }) };
    const snapshot = await provider().snapshot(at("2026-01-01T00:00:00Z"));
    expect(snapshot).toEqual({ unit: "prompts", limit: 200, remaining: 57 });
    expect(seenHeaders["authorization"]).toBe("secret-1");
  });

  it.each([
    ["a server error", { status: 502, body: "{}" }, "HTTP 502"],
    [
      "a missing field",
      { status: 200, body: '{"data":{}}' },
      'no number at "data.remains[0].count"',
    ],
    ["a non-JSON answer", { status: 200, body: "<html>" }, "JSON"],
  ])("treats %s as unknown quota: only critical runs", async (_name, reply, why) => {
    answer = reply;
    const snapshot = await provider().snapshot(at("2026-01-01T00:00:00Z"));
    expect(snapshot.remaining).toBeNull();
    expect(snapshot.unknown).toContain(why);
    expect(quotaRefusal(snapshot, "critical", 5, policy)).toBeNull();
    expect(text(quotaRefusal(snapshot, "high", 5, policy))).toMatch(
      /^quota unknown \(quota endpoint 127\.0\.0\.1:\d+ failed: .*\): only critical runs$/,
    );
  });

  it("treats an unreachable endpoint or a missing variable as unknown", async () => {
    const closed = await provider({ QUOTA_TOKEN: "x" }, "http://127.0.0.1:1/remains").snapshot(
      at("2026-01-01T00:00:00Z"),
    );
    expect(closed.unknown).toContain("failed");
    const unset = await provider({}).snapshot(at("2026-01-01T00:00:00Z"));
    expect(unset.unknown).toContain("environment variable QUOTA_TOKEN is not set");
  });
});

describe("thresholds at their boundaries", () => {
  const q = (remaining: number) => ({ unit: "prompts" as const, limit: 200, remaining });
  it.each([
    ["critical", 6, null],
    ["critical", 5, "critical priority runs only while more than 5"],
    ["high", 16, null],
    ["high", 15, "more than 15"],
    ["medium", 26, null],
    ["medium", 25, "more than 25"],
    ["low", 41, null],
    ["low", 40, "more than 40"],
  ] as const)("%s with %i left → %s", (priority, remaining, expected) => {
    // The safety buffer is tested on its own below; here only the thresholds speak.
    const refusal = text(
      quotaRefusal(q(remaining), priority, 1, { ...policy, safetyBufferPercent: 0 }),
    );
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });

  it("keeps the 20% safety buffer exactly: 20 of 100 left still runs, 19 does not", () => {
    expect(
      quotaRefusal({ unit: "prompts", limit: 100, remaining: 20 }, "critical", 1, policy),
    ).toBeNull();
    expect(
      text(quotaRefusal({ unit: "prompts", limit: 100, remaining: 19 }, "critical", 1, policy)),
    ).toContain("safety buffer");
  });
});

describe("exhaustion and the wait for the reset", () => {
  const closes = at("2026-01-02T07:00:00Z");
  it.each([
    ["reset inside the window", "2026-01-02T03:00:00Z", "2026-01-02T03:00:00.000Z"],
    ["reset after the window", "2026-01-02T08:00:00Z", null],
    ["reset exactly at the close", "2026-01-02T07:00:00Z", null],
    ["reset already passed", "2026-01-02T00:30:00Z", null],
  ])("%s", (_name, resetsAt, expected) => {
    const resume = quotaResumeAt({ resetsAt: at(resetsAt) }, at("2026-01-02T01:00:00Z"), closes);
    expect(resume?.toISOString() ?? null).toBe(expected);
  });

  it("does not wait when the provider gives no reset time", () => {
    expect(quotaResumeAt({}, at("2026-01-02T01:00:00Z"), closes)).toBeNull();
  });

  it.each([
    [undefined, 50, null],
    [40, 10, 30],
    [40, 55, 0],
  ])("a session cap of %s with %i spent leaves %s", (cap, spent, left) => {
    expect(sessionAllowance(cap, spent)).toBe(left);
  });

  it.each([
    ["data.count", { data: { count: 3 } }, 3],
    ["$.a[1].b", { a: [{}, { b: "7" }] }, "7"],
    ["a.b.c", { a: null }, undefined],
  ])("reads %s", (path, value, expected) => {
    expect(readJsonPath(value, path)).toEqual(expected);
  });
});
