import { mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JournalDedupe } from "../../src/store/dedupe.js";
import { Journal, runId } from "../../src/store/journal.js";
import { canAdvance } from "../../src/store/run-state.js";
import { silentLogger } from "../unit/silent-logger.js";

let dir: string;
const open: Journal[] = [];
const journal = () => {
  const j = Journal.open(dir);
  open.push(j);
  return j;
};
const at = (iso: string) => new Date(iso);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-journal-"));
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the journal", () => {
  it("keeps sessions, runs, spend and deliveries across a reopen", () => {
    const first = journal();
    first.startSession("s1", "night@2026-01-01", at("2026-01-01T23:00:00Z"));
    const id = runId("s1", "acme/calc", 7);
    first.planRun(
      { id, sessionId: "s1", repo: "acme/calc", issue: 7, estimatedCost: 3 },
      at("2026-01-01T23:01:00Z"),
    );
    first.advanceRun(id, "running", at("2026-01-01T23:02:00Z"));
    first.recordSpend(id, at("2026-01-01T23:02:00Z"), 3);
    first.recordDeliveries([{ id: "d-1", at: at("2026-01-01T23:00:00Z") }]);
    first.close();

    const again = journal();
    expect(again.sessionOfWindow("night@2026-01-01")?.id).toBe("s1");
    expect(again.interruptedRuns().map((r) => [r.id, r.state])).toEqual([[id, "running"]]);
    expect(again.spendBetween(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"))).toEqual([
      { at: at("2026-01-01T23:02:00Z"), amount: 3 },
    ]);
    expect(again.deliveriesSince(at("2026-01-01T00:00:00Z"))).toEqual(["d-1"]);
  });

  it("gives a slot to exactly one of two connections", () => {
    const a = journal();
    const b = journal();
    const claims = [
      a.claimSlot("night@2026-01-01#0", "a", at("2026-01-01T23:00:00Z")),
      b.claimSlot("night@2026-01-01#0", "b", at("2026-01-01T23:00:01Z")),
      b.claimSlot("night@2026-01-01#1", "b", at("2026-01-01T23:30:00Z")),
      a.claimSlot("night@2026-01-01#1", "a", at("2026-01-01T23:30:01Z")),
    ];
    expect(claims).toEqual([true, false, true, false]);
  });

  it("counts a run's spend once however often it is recorded", () => {
    const j = journal();
    j.recordSpend("r1", at("2026-01-01T23:00:00Z"), 4);
    j.recordSpend("r1", at("2026-01-01T23:05:00Z"), 4);
    j.recordSpend("r2", at("2026-01-01T23:06:00Z"), 1);
    const total = j
      .spendBetween(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"))
      .reduce((sum, s) => sum + s.amount, 0);
    expect(total).toBe(5);
  });

  it("moves runs forward only and rejects a move out of a final state", () => {
    const j = journal();
    j.planRun(
      { id: "r", sessionId: "s", repo: "a/b", issue: 1, estimatedCost: 1 },
      at("2026-01-01T00:00:00Z"),
    );
    j.advanceRun("r", "pushed", at("2026-01-01T00:01:00Z"));
    j.advanceRun("r", "pr-opened", at("2026-01-01T00:02:00Z"), {
      prNumber: 9,
      detail: { branch: "x" },
    });
    expect(() => j.advanceRun("r", "running", at("2026-01-01T00:03:00Z"))).toThrow(
      "cannot move from pr-opened to running",
    );
    j.advanceRun("r", "done", at("2026-01-01T00:04:00Z"), { detail: { status: "shipped" } });
    expect(j.getRun("r")).toMatchObject({
      state: "done",
      prNumber: 9,
      detail: { branch: "x", status: "shipped" },
    });
    expect(() => j.advanceRun("r", "failed", at("2026-01-01T00:05:00Z"))).toThrow();
  });

  it.each([
    ["planned", "running", true],
    ["running", "planned", false],
    ["pushed", "failed", true],
    ["done", "failed", false],
    ["failed", "done", false],
    ["planned", "done", true],
  ] as const)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canAdvance(from, to)).toBe(allowed);
  });

  it("recovers from a lock directory a killed process left behind", () => {
    const j = journal();
    const lock = `${j.file}.lock`;
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(j.claimSlot("slot", "me", at("2026-01-01T00:00:00Z"))).toBe(true);
  });

  it("backs webhook dedupe so a redelivery after a restart acts once", () => {
    const clock = { now: () => at("2026-01-01T12:00:00Z") };
    const options = { since: at("2026-01-01T00:00:00Z"), logger: silentLogger };
    const first = new JournalDedupe(journal(), clock, options);
    expect(first.seen("abc")).toBe(false);
    first.remember("abc");
    expect(first.seen("abc")).toBe(true);
    first.flush(); // as on shutdown
    const restarted = new JournalDedupe(journal(), clock, options);
    expect(restarted.seen("abc")).toBe(true);
    expect(restarted.seen("def")).toBe(false);
  });

  it("writes new delivery ids in batches, by size or once they stop coming", async () => {
    const j = journal();
    const clock = { now: () => at("2026-01-01T12:00:00Z") };
    const since = at("2026-01-01T00:00:00Z");
    const dedupe = new JournalDedupe(j, clock, {
      since,
      quietMs: 20,
      maxPending: 3,
      logger: silentLogger,
    });
    for (const id of ["a", "b"]) dedupe.remember(id);
    expect(j.deliveriesSince(since)).toEqual([]); // not yet: the answer never waits for the disk
    dedupe.remember("c"); // the third fills the batch
    expect(j.deliveriesSince(since)).toEqual(["a", "b", "c"]);
    dedupe.remember("d");
    await vi.waitFor(() => {
      expect(j.deliveriesSince(since)).toEqual(["a", "b", "c", "d"]);
    });
  });

  it("writes a burst's ids once it is over, and a stream that never pauses after maxDelayMs", () => {
    vi.useFakeTimers();
    try {
      const batches: number[] = [];
      const dedupe = new JournalDedupe(
        {
          deliveriesSince: () => [],
          recordDeliveries: (batch) => void batches.push(batch.length),
        },
        { now: () => at("2026-01-01T12:00:00Z") },
        {
          since: at("2026-01-01T00:00:00Z"),
          quietMs: 10,
          maxDelayMs: 100,
          logger: silentLogger,
          now: () => Date.now(),
        },
      );
      // A delivery every 8 ms: never 10 ms of quiet.
      for (let i = 0; i < 15; i++) {
        dedupe.remember(`stream-${String(i)}`);
        vi.advanceTimersByTime(8);
        if (i === 11) expect(batches).toEqual([]); // 96 ms in
      }
      expect(batches).toEqual([13]); // written at 100 ms, the stream still flowing
      vi.advanceTimersByTime(50);
      expect(batches).toEqual([13, 2]); // the rest once it paused
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps delivery ids whose write failed and writes them with the next batch", async () => {
    const recorded: string[] = [];
    let failures = 1;
    const warnings: unknown[] = [];
    const dedupe = new JournalDedupe(
      {
        deliveriesSince: () => [],
        recordDeliveries: (batch) => {
          if (failures-- > 0) throw new Error("database is locked");
          recorded.push(...batch.map((d) => d.id));
        },
      },
      { now: () => at("2026-01-01T12:00:00Z") },
      {
        since: at("2026-01-01T00:00:00Z"),
        maxPending: 1,
        quietMs: 2,
        logger: { warn: (o) => warnings.push(o) },
      },
    );
    // The write "a" fills fails: the delivery is still answered, and "a" still counts as seen.
    dedupe.remember("a");
    expect(warnings).toHaveLength(1);
    expect(dedupe.seen("a")).toBe(true);
    dedupe.remember("b"); // not written at once: the journal gets a moment to recover
    expect(recorded).toEqual([]);
    await vi.waitFor(() => {
      expect(recorded).toEqual(["a", "b"]);
    });
  });

  it("forgets old deliveries when pruned", () => {
    const j = journal();
    j.recordDeliveries([
      { id: "old", at: at("2026-01-01T00:00:00Z") },
      { id: "new", at: at("2026-01-10T00:00:00Z") },
    ]);
    expect(j.pruneDeliveries(at("2026-01-05T00:00:00Z"))).toBe(1);
    expect(j.deliveriesSince(at("2026-01-01T00:00:00Z"))).toEqual(["new"]);
  });
});
