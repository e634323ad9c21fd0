import { describe, expect, it } from "vitest";
import { HostConfigSchema, UsdQuotaSchema } from "../../src/config/host-schema.js";
import { describeSkip } from "../../src/queue/skip-reason.js";
import { quotaRefusal } from "../../src/quota/thresholds.js";
import { quotaResumeAt } from "../../src/quota/wait.js";
import { memoryUsdLedger, usdProvider, type UsdSpend } from "../../src/quota/usd.js";
import type { Priority } from "../../src/types.js";

const at = (iso: string) => new Date(iso);
// Thresholds 5 / 15 / 25 / 40 and a 20 % safety buffer, read in dollars.
const policy = HostConfigSchema.parse({});
const flatEstimate = () => 2;

/** A $100-per-5-hours provider with one finished run that cost `spent` dollars. */
async function spentSoFar(spent: number) {
  const usd = usdProvider({ limitUsd: 100, windowHours: 5 }, memoryUsdLedger(), flatEstimate);
  await usd.record({ runId: "a", at: at("2026-01-01T22:00:00Z"), amount: 10 });
  await usd.settle("a", spent);
  return usd.snapshot(at("2026-01-01T23:00:00Z"));
}

describe("the usd schema fragment", () => {
  it("defaults the window to five hours and refuses a limit of nothing", () => {
    expect(UsdQuotaSchema.parse({ provider: "usd", limitUsd: 25 })).toEqual({
      provider: "usd",
      limitUsd: 25,
      windowHours: 5,
    });
    expect(UsdQuotaSchema.safeParse({ provider: "usd", limitUsd: 0 }).success).toBe(false);
    expect(UsdQuotaSchema.safeParse({ provider: "usd", limit: 10 }).success).toBe(false);
  });
});

describe("the usd provider", () => {
  it("counts reported dollars in the rolling window, estimates the rest, says when it frees up", async () => {
    const ledger = memoryUsdLedger();
    const seen: UsdSpend[] = [];
    const usd = usdProvider({ limitUsd: 50, windowHours: 5 }, ledger, (spend) => {
      seen.push(spend);
      return spend.prompts * 0.1;
    });
    await usd.record({ runId: "a", at: at("2026-01-01T20:00:00Z"), amount: 10 });
    await usd.settle("a", 12.5);
    await usd.record({ runId: "b", at: at("2026-01-01T22:00:00Z"), amount: 30 });
    // A second record of a run changes nothing.
    await usd.record({ runId: "b", at: at("2026-01-01T22:30:00Z"), amount: 99 });
    expect(await usd.snapshot(at("2026-01-01T23:00:00Z"))).toEqual({
      unit: "usd",
      limit: 50,
      remaining: 34.5,
      resetsAt: at("2026-01-02T01:00:00Z"),
    });
    expect(seen).toEqual([{ runId: "b", at: at("2026-01-01T22:00:00Z"), prompts: 30 }]);
    // b reports its cost; at 01:00 a has left the window.
    await usd.settle("b", 1.25);
    expect((await usd.snapshot(at("2026-01-02T01:00:00Z"))).remaining).toBe(48.75);
    expect(await usd.snapshot(at("2026-01-02T04:00:00Z"))).toMatchObject({
      remaining: 50,
      resetsAt: undefined,
    });
  });

  it.each<[string, number | undefined, number]>([
    ["no reported cost keeps the estimate", undefined, 98],
    ["a negative cost is not a cost", -3, 98],
    ["an infinite cost is not a cost", Number.POSITIVE_INFINITY, 98],
    ["a zero cost is a cost", 0, 100],
  ])("%s", async (_name, reported, remaining) => {
    const usd = usdProvider({ limitUsd: 100, windowHours: 5 }, memoryUsdLedger(), flatEstimate);
    await usd.record({ runId: "a", at: at("2026-01-01T22:00:00Z"), amount: 10 });
    await usd.settle("a", reported);
    expect((await usd.snapshot(at("2026-01-01T23:00:00Z"))).remaining).toBe(remaining);
  });

  it("never reports less than nothing, nor counts a negative estimate", async () => {
    const over = usdProvider({ limitUsd: 10, windowHours: 1 }, memoryUsdLedger(), () => 25);
    await over.record({ runId: "a", at: at("2026-01-01T00:00:00Z"), amount: 1 });
    expect((await over.snapshot(at("2026-01-01T00:30:00Z"))).remaining).toBe(0);
    const odd = usdProvider({ limitUsd: 10, windowHours: 1 }, memoryUsdLedger(), () => -5);
    await odd.record({ runId: "a", at: at("2026-01-01T00:00:00Z"), amount: 1 });
    expect((await odd.snapshot(at("2026-01-01T00:30:00Z"))).remaining).toBe(10);
  });

  it("sums cents without drifting past a threshold", async () => {
    const usd = usdProvider({ limitUsd: 15.3, windowHours: 5 }, memoryUsdLedger(), flatEstimate);
    await usd.record({ runId: "a", at: at("2026-01-01T22:00:00Z"), amount: 1 });
    await usd.settle("a", 0.1);
    await usd.record({ runId: "b", at: at("2026-01-01T22:01:00Z"), amount: 1 });
    await usd.settle("b", 0.2);
    const snapshot = await usd.snapshot(at("2026-01-01T23:00:00Z"));
    expect(snapshot.remaining).toBe(15);
    const refusal = quotaRefusal({ ...snapshot, limit: 15 }, "high", 0, policy);
    expect(refusal && describeSkip(refusal)).toMatch(/high priority/);
  });

  it("gives the session a reset to wait for, as the budget provider does", async () => {
    const snapshot = await spentSoFar(100);
    expect(quotaResumeAt(snapshot, at("2026-01-01T23:00:00Z"), at("2026-01-02T07:00:00Z"))).toEqual(
      at("2026-01-02T03:00:00Z"),
    );
  });
});

describe("thresholds and the safety buffer, in dollars", () => {
  // $100 limit: the 20 % buffer is $20; remaining = 100 − spent.
  it.each<[number, Priority, number, boolean]>([
    [80.01, "critical", 1, true], // $19.99 left: below the buffer, nothing starts
    [80.01, "low", 1, true],
    [80, "critical", 1, false], // exactly $20 left: at the buffer, not below
    [80, "high", 1, false], // $20 > $15
    [80, "medium", 1, true], // $20 ≤ $25
    [75, "medium", 1, true], // exactly $25: not above the threshold
    [74.99, "medium", 1, false],
    [60, "low", 1, true], // exactly $40
    [59.99, "low", 1, false],
    [50, "low", 50, false], // a run may spend what is left
    [50, "low", 50.01, true], // but not more
    [0, "critical", 0, false],
  ])(
    "$%d spent, %s priority, estimated $%d → refused: %s",
    async (spent, priority, cost, refused) => {
      const snapshot = await spentSoFar(spent);
      const refusal = quotaRefusal(snapshot, priority, cost, policy);
      expect(refusal !== null).toBe(refused);
    },
  );
});
