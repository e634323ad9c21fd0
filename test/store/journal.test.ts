import { mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JournalDedupe } from "../../src/store/dedupe.js";
import { Journal, runId } from "../../src/store/journal.js";
import { canAdvance } from "../../src/store/run-state.js";
import { silentLogger } from "../unit/silent-logger.js";
import { task } from "../unit/helpers.js";

let dir: string;
const open: Journal[] = [];
const journal = () => {
  const j = Journal.open(dir);
  open.push(j);
  return j;
};
const at = (iso: string) => new Date(iso);
const newRun = (id: string, sessionId: string, repo: string, issue: number, cost: number) => ({
  id,
  sessionId,
  repo,
  issue,
  attempt: 1,
  estimatedCost: cost,
  ownerId: "host-a:1:2026-01-01T00:00:00.000Z",
  task: task({ number: issue, cost }),
  branch: `nightshift/${String(issue)}-x`,
});

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
    first.planRun(newRun(id, "s1", "acme/calc", 7, 3), at("2026-01-01T23:01:00Z"));
    first.advanceRun(id, "running", at("2026-01-01T23:02:00Z"));
    first.recordSpend(id, at("2026-01-01T23:02:00Z"), 3);
    first.recordDeliveries([{ id: "d-1", at: at("2026-01-01T23:00:00Z") }]);
    first.close();

    const again = journal();
    expect(again.sessionOfWindow("night@2026-01-01")?.id).toBe("s1");
    expect(again.openRuns().map((r) => [r.id, r.state, r.task?.issue.number])).toEqual([
      [id, "running", 7],
    ]);
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
    j.planRun(newRun("r", "s", "a/b", 1, 1), at("2026-01-01T00:00:00Z"));
    j.advanceRun("r", "pushed", at("2026-01-01T00:01:00Z"));
    j.advanceRun("r", "pr-opened", at("2026-01-01T00:02:00Z"), { prNumber: 9, branch: "x" });
    expect(() => j.advanceRun("r", "running", at("2026-01-01T00:03:00Z"))).toThrow(
      "cannot move from pr-opened to running",
    );
    j.advanceRun("r", "done", at("2026-01-01T00:04:00Z"));
    expect(j.getRun("r")).toMatchObject({ state: "done", prNumber: 9, branch: "x" });
    expect(() => j.advanceRun("r", "failed", at("2026-01-01T00:05:00Z"))).toThrow();
  });

  it.each([
    ["planned", "running", true],
    ["running", "planned", false],
    ["pushed", "failed", true],
    ["done", "failed", false],
    ["failed", "done", false],
    ["planned", "done", true],
    ["running", "interrupted", true],
    ["interrupted", "failed", false],
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

describe("the journal's claims", () => {
  const t0 = at("2026-01-06T07:00:00Z");
  const dead = (owner: string | null) => owner !== "host:1:old";

  it("takes over a slot a dead process claimed and never finished, never a finished one", () => {
    const j = journal();
    expect(j.claimSlot("w#report", "host:1:old", t0, "w")).toBe(true);
    expect(j.claimSlot("w#report", "host:2:new", t0, "w", () => true)).toBe(false);
    expect(j.claimSlot("w#report", "host:2:new", t0, "w", dead)).toBe(true);
    j.finishSlot("w#report", t0);
    expect(j.claimSlot("w#report", "host:3:next", t0, "w", () => false)).toBe(false);
  });

  it("posts each repository's morning report once: claimed, posted, never again", () => {
    const j = journal();
    const claim = (owner: string, alive: (o: string | null) => boolean) =>
      j.posts.claim("s", "acme/calc", "morning", owner, t0, alive);
    expect(claim("host:1:old", () => true)).toBe("mine");
    expect(claim("host:2:new", () => true)).toBe("held");
    // The first process died between claiming and posting: the restart posts it.
    expect(claim("host:2:new", dead)).toBe("mine");
    j.posts.mark("s", "acme/calc", "morning", "posted", t0);
    expect(claim("host:3:next", () => false)).toBe("done");
    expect(j.posts.claim("s", "acme/lib", "morning", "host:3:next", t0, dead)).toBe("mine");
  });

  it("keeps lost posts until a later comment mentions them", () => {
    const j = journal();
    j.posts.mark("w@1", "acme/calc", "preview", "lost", t0, "secondary rate limit");
    const lost = j.posts.lostUnmentioned("acme/calc");
    expect(lost.map((post) => [post.key, post.kind, post.error])).toEqual([
      ["w@1", "preview", "secondary rate limit"],
    ]);
    j.posts.markMentioned("acme/calc", lost);
    expect(j.posts.lostUnmentioned("acme/calc")).toEqual([]);
  });

  it("records a run's spend as its agent starts, once", () => {
    const j = journal();
    j.planRun(newRun("r", "s", "a/b", 1, 4), t0);
    expect(j.spendOfSession("s").size).toBe(0);
    j.startAgent("r", t0, 4);
    j.startAgent("r", at("2026-01-06T07:05:00Z"), 4);
    expect([...j.spendOfSession("s").values()]).toEqual([4]);
    expect(j.getRun("r")?.agentStartedAt).toBe(t0.toISOString());
  });

  it("keeps each issue's latest skip reason of a session, typed", () => {
    const j = journal();
    const six = task({ number: 6 });
    j.plans.record("s", t0, [
      {
        repo: "acme/calc",
        eligible: [task({ number: 1 })],
        skipped: [
          { task: six, reason: { kind: "quota-cost", cost: 9, remaining: 2, unit: "prompts" } },
        ],
        problems: [],
      },
    ]);
    j.plans.recordSkip("s", t0, "acme/calc", { task: six, reason: { kind: "on-hold" } });
    expect(j.plans.skipsOf("s").map((skip) => [skip.task.issue.number, skip.reason])).toEqual([
      [6, { kind: "on-hold" }],
    ]);
    expect(j.plans.reposOf("s").map((plan) => plan.eligible.length)).toEqual([1]);
  });
});
