import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sqlite from "node-sqlite3-wasm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionFromJournal } from "../../src/night/session-outcome.js";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { fixtureJournal } from "./fixture-journal.js";

const fixture = fileURLToPath(new URL("./fixtures/journal-v1/journal.sqlite", import.meta.url));
const SESSION = "night@2026-01-05";
const at = (iso: string) => new Date(iso);

const { file, open, userVersion } = fixtureJournal(fixture);

describe("a journal written by the version-1 code", () => {
  it("is migrated forward on open and reads back typed", () => {
    const journal = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    const [done, open1] = journal.runsOf(SESSION);
    expect(done).toMatchObject({
      id: `${SESSION}:acme/calc#1`,
      state: "done",
      attempt: 1,
      prNumber: 11,
      branch: "nightshift/1-issue-1",
      collected: true,
      ownerId: null,
      task: { issue: { number: 1, title: "Issue 1" }, priority: "high", cost: 5 },
      outcome: { status: "shipped", pr: { number: 11 }, gates: [{ name: "test", passed: true }] },
    });
    expect(open1).toMatchObject({
      state: "running",
      branch: "nightshift/2-issue-2",
      task: { issue: { number: 2 } },
      outcome: null,
      collected: false,
    });
    expect([...journal.spendOfSession(SESSION).values()]).toEqual([5, 5]);
    expect(journal.deliveriesSince(at("2026-01-01T00:00:00Z"))).toEqual(["delivery-1"]);
    expect(journal.sessionOfWindow(SESSION)?.startedAt).toBe("2026-01-05T22:00:00.000Z");
    expect(journal.claimSlot(`${SESSION}#0`, "someone-else", at("2026-01-05T23:00:00Z"))).toBe(
      false,
    );
  });

  it("gives the report of its session from the journal, the open run still running", () => {
    const outcome = sessionFromJournal(open(), SESSION, { now: at("2026-01-06T07:00:00Z") });
    expect(outcome.repos).toHaveLength(1);
    expect(outcome.repos[0]?.runs.map((run) => [run.task.issue.number, run.status])).toEqual([
      [1, "shipped"],
    ]);
    expect(outcome.running?.map((run) => run.task.issue.number)).toEqual([2]);
    expect(outcome.quota.spent).toBe(10);
  });

  it("is migrated once: a second open changes nothing", () => {
    const first = open();
    first.noteCollected(`${SESSION}:acme/calc#2`);
    first.close();
    const again = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(again.getRun(`${SESSION}:acme/calc#2`)?.collected).toBe(true);
    expect(again.runsOf(SESSION)).toHaveLength(2);
  });

  it("refuses a journal written by a newer Nightshift", () => {
    open().close();
    const db = new sqlite.Database(file());
    db.exec(`PRAGMA user_version = ${String(SCHEMA_VERSION + 1)}`);
    db.close();
    expect(() => open()).toThrow(/newer than this Nightshift/);
  });

  it("fails loudly on a row it cannot read, rather than passing it on", () => {
    open().close();
    const db = new sqlite.Database(file());
    db.run("UPDATE runs SET task_json = :t WHERE issue = 2", { ":t": '{"repo":"acme/calc"}' });
    db.close();
    expect(() => open().runsOf(SESSION)).toThrow(/unreadable task of run/);
  });
});

const fixtureV2 = fileURLToPath(new URL("./fixtures/journal-v2/journal.sqlite", import.meta.url));

describe("a journal written by the version-2 code", () => {
  beforeEach(() => {
    copyFileSync(fixtureV2, file());
  });

  it("gains the run records and the spend's dollars, its rows read as before", () => {
    const journal = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(journal.getRun("night@2026-01-06:acme/calc#3")).toMatchObject({
      state: "done",
      outcome: { cost: { estimated: 10, turns: 7, usd: 0.42 } },
    });
    // Runs before the upgrade taught nothing (their agent was not recorded).
    expect(journal.learned.history()).toEqual([]);
    const window = [at("2026-01-06T00:00:00Z"), at("2026-01-07T00:00:00Z")] as const;
    expect(journal.spendsBetween(...window)).toEqual([
      { runId: "night@2026-01-06:acme/calc#3", at: at("2026-01-06T22:01:00Z"), prompts: 10 },
    ]);
    journal.recordUsd("night@2026-01-06:acme/calc#3", 0.42);
    journal.learned.record({
      runId: "night@2026-01-06:acme/calc#3",
      at: at("2026-01-06T22:05:00Z"),
      repo: "acme/calc",
      record: {
        category: "bug",
        size: "S",
        agent: "claude",
        estimated: 10,
        actual: { prompts: 7, turns: 7, usd: 0.42 },
        durationMs: 240_000,
        succeeded: true,
      },
    });
    journal.close();
    const again = open();
    expect(again.spendsBetween(...window)[0]?.usd).toBe(0.42);
    const [learned] = again.learned.ofSession("night@2026-01-06");
    expect(learned?.repo).toBe("acme/calc");
    expect(learned?.record).toMatchObject({
      agent: "claude",
      actual: { prompts: 7, turns: 7, usd: 0.42 },
    });
    // The spend reads as before.
    expect(again.spendOfSession("night@2026-01-06").get("night@2026-01-06:acme/calc#3")).toBe(10);
  });
});
