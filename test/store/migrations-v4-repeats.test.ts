import { fileURLToPath } from "node:url";
import sqlite from "node-sqlite3-wasm";
import { describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { fixtureJournal } from "./fixture-journal.js";

const fixture = fileURLToPath(
  new URL("./fixtures/journal-v4-dispatch/journal.sqlite", import.meta.url),
);
const SESSION = "night@2026-01-05";
const REPO = "acme/calc";
const at = (iso: string) => new Date(iso);

const { file, open, userVersion } = fixtureJournal(fixture);

const entry = {
  series: "weekly-release-notes",
  title: "Weekly release notes",
  schedule: { weekly: "mon" as const },
  labels: ["priority: low"],
};
const weekly = { ...entry, occurrences: 5, confidence: "high" as const };
const daily = {
  series: "triage",
  title: "Triage",
  schedule: "daily",
  labels: [],
  occurrences: 3,
  confidence: "low" as const,
};

describe("a journal written by the version-4 code", () => {
  it("gains the repeats table, its runs and dispatch read as before", () => {
    const journal = open();
    expect(userVersion()).toBe(SCHEMA_VERSION);
    expect(journal.runsOf(SESSION).map((run) => run.state)).toEqual(["done", "running"]);
    expect(journal.dispatches.inFlight().map((d) => d.runId)).toEqual([`${SESSION}:${REPO}#2`]);
    expect(journal.repeats.adopted(REPO)).toEqual([]);
  });

  it("adopts only what is offered, once, and keeps who and when across a reopen", () => {
    const journal = open();
    expect(journal.repeats.adopt(REPO, weekly.series, "maya", at("2026-01-06T08:00:00Z"))).toBe(
      null,
    );
    journal.repeats.offer(REPO, [weekly, daily], at("2026-01-06T07:00:00Z"));
    expect(journal.repeats.offered(REPO)).toEqual([weekly, daily]);
    expect(journal.repeats.adopt(REPO, weekly.series, "maya", at("2026-01-06T08:00:00Z"))).toEqual({
      ...entry,
      adoptedBy: "maya",
      adoptedAt: "2026-01-06T08:00:00.000Z",
    });
    expect(journal.repeats.offered(REPO)).toEqual([daily]);
    expect(journal.repeats.adopt(REPO, weekly.series, "sam", at("2026-01-06T09:00:00Z"))).toBe(
      null,
    );
    // A later report offers it again with other labels: the adopted entry stays as adopted,
    // and what it no longer offers (daily) is withdrawn.
    journal.repeats.offer(
      REPO,
      [{ ...weekly, labels: ["priority: high"] }],
      at("2026-01-07T07:00:00Z"),
    );
    expect(journal.repeats.offered(REPO)).toEqual([]);
    expect(journal.repeats.adopt(REPO, daily.series, "maya", at("2026-01-07T08:00:00Z"))).toBe(
      null,
    );
    expect(
      journal.repeats.adopt("acme/other", weekly.series, "maya", at("2026-01-07T08:00:00Z")),
    ).toBe(null);
    journal.close();
    const again = open();
    expect(again.repeats.adopted(REPO)).toEqual([
      { ...entry, adoptedBy: "maya", adoptedAt: "2026-01-06T08:00:00.000Z" },
    ]);
  });

  it("fails loudly on a repeat row it cannot read", () => {
    const journal = open();
    journal.repeats.offer(REPO, [daily], at("2026-01-06T07:00:00Z"));
    journal.repeats.adopt(REPO, daily.series, "maya", at("2026-01-06T08:00:00Z"));
    journal.close();
    const db = new sqlite.Database(file());
    db.run("UPDATE repeats SET schedule_json = :s", { ":s": '{"every":"week"}' });
    db.close();
    expect(() => open().repeats.adopted(REPO)).toThrow(/unreadable schedule or labels/);
  });
});
