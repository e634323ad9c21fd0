import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { quotaProviderFor } from "../../src/quota/ledger.js";
import { quotaRefusal } from "../../src/quota/thresholds.js";
import { sessionFromJournal } from "../../src/night/session-outcome.js";
import type { Task } from "../../src/queue/task.js";
import { renderMorningReport } from "../../src/report/morning.js";
import { Journal } from "../../src/store/journal.js";
import type { Priority } from "../../src/types.js";

const at = (iso: string) => new Date(iso);
const host = HostConfigSchema.parse({ quota: { provider: "usd", limitUsd: 100 } });
const NOW = at("2026-01-01T23:00:00Z");

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-usd-"));
  journal = Journal.open(dir);
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The host's `usd` provider over the journal, with one run that started estimating `estimate`. */
async function afterOneRun(estimate: number, reported: number | undefined) {
  const usd = quotaProviderFor(host.quota, journal);
  // As run-one does: the journal's spend as the agent starts, the provider's record, then settle.
  journal.startAgent("night:acme/calc#1", at("2026-01-01T22:00:00Z"), estimate);
  await usd.record({ runId: "night:acme/calc#1", at: at("2026-01-01T22:00:00Z"), amount: 99 });
  await usd.settle?.("night:acme/calc#1", reported);
  return usd.snapshot(NOW);
}

describe("the host's usd quota", () => {
  it("is a provider of the host config's quota union, five-hour window by default", () => {
    expect(host.quota).toEqual({ provider: "usd", limitUsd: 100, windowHours: 5 });
    expect(
      HostConfigSchema.safeParse({ quota: { provider: "usd", limitUsd: 100, limit: 3 } }).success,
    ).toBe(false);
  });

  it("counts what agents reported from the journal, and the start estimate where they did not", async () => {
    expect(await afterOneRun(10, 12.5)).toEqual({
      unit: "usd",
      limit: 100,
      remaining: 87.5,
      resetsAt: at("2026-01-02T03:00:00Z"),
    });
  });

  it("keeps a reported cost across a restart (the journal is the ledger)", async () => {
    await afterOneRun(10, 3);
    journal.close();
    journal = Journal.open(dir);
    expect((await quotaProviderFor(host.quota, journal).snapshot(NOW)).remaining).toBe(97);
  });
});

describe("a usd night's morning report, from the journal", () => {
  it("says dollars: the run's estimate, what the session spent and what remains", async () => {
    const usd = quotaProviderFor(host.quota, journal);
    const session = "night@2026-01-01";
    const runId = `${session}:acme/calc#1`;
    const task: Task = {
      repo: { owner: "acme", repo: "calc" },
      issue: {
        number: 1,
        title: "Fix sum",
        body: "",
        labels: [],
        author: "alice",
        authorType: "User",
        createdAt: "2026-01-01T00:00:00Z",
        state: "open",
      },
      priority: "high",
      cost: 0.6,
      problems: [],
    };
    journal.startSession(session, null, at("2026-01-01T21:00:00Z"));
    journal.noteSessionQuota(session, await usd.snapshot(at("2026-01-01T21:00:00Z")));
    journal.planRun(
      {
        id: runId,
        sessionId: session,
        repo: "acme/calc",
        issue: 1,
        attempt: 1,
        estimatedCost: 0.6,
        ownerId: null,
        task,
        branch: "nightshift/1-fix-sum",
      },
      at("2026-01-01T22:00:00Z"),
    );
    journal.startAgent(runId, at("2026-01-01T22:00:00Z"), 0.6);
    await usd.settle?.(runId, 0.45);
    journal.noteOutcome(runId, {
      task,
      runId,
      status: "shipped",
      pr: { number: 7, url: "https://github.example/acme/calc/pull/7", draft: false },
      gates: [],
      cost: { estimated: 0.6, turns: 4, usd: 0.45 },
      startedAt: "2026-01-01T22:00:00.000Z",
      durationMs: 60_000,
    });

    const outcome = sessionFromJournal(journal, session, {
      now: NOW,
      quotaAfter: await usd.snapshot(NOW),
    });
    const [night] = outcome.repos;
    if (!night) throw new Error("no repository in the report");
    const report = renderMorningReport(night, outcome);
    expect(report).toContain("| $0.60 (est.), 4 turns, $0.45 |");
    expect(report).toContain("Estimated use this session: $0.45; $99.55 of $100 remain.");
    expect(report).not.toMatch(/\bprompts\b/);
  });
});

describe("thresholds and the safety buffer on the journal's dollars", () => {
  // $100 limit: the 20 % buffer is $20; critical > $5, high > $15, medium > $25, low > $40.
  it.each<[number | undefined, number, Priority, number, boolean]>([
    [80.01, 10, "critical", 1, true], // $19.99 left: under the buffer, nothing starts
    [80, 10, "critical", 1, false], // $20 left: at the buffer
    [80, 10, "high", 1, false], // $20 > $15
    [80, 10, "medium", 1, true], // $20 ≤ $25
    [75, 10, "medium", 1, true], // exactly $25
    [74.99, 10, "medium", 1, false],
    [60, 10, "low", 1, true], // exactly $40
    [59.99, 10, "low", 1, false],
    [undefined, 60, "low", 1, true], // nothing reported: the $60 estimate counts
    [undefined, 59.99, "low", 1, false],
    [50, 10, "low", 50, false], // a run may spend what is left
    [50, 10, "low", 50.01, true],
  ])(
    "reported $%s (estimate $%d), %s priority, cost $%d → refused: %s",
    async (reported, estimate, priority, cost, refused) => {
      const snapshot = await afterOneRun(estimate, reported);
      expect(quotaRefusal(snapshot, priority, cost, host) !== null).toBe(refused);
    },
  );
});
